package org.planetlab.portal;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.planetlab.api.client.Credentials;
import org.planetlab.api.client.PlcClient;
import org.planetlab.api.client.RequestSigner;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.api.method.Role;
import org.planetlab.plc.Bootstrap;
import org.planetlab.plc.Plc;
import org.planetlab.plc.PlcConfig;
import org.planetlab.plc.auth.Caller;
import org.planetlab.plc.node.NewNode;
import org.planetlab.plc.person.NewPerson;
import org.planetlab.plc.person.PersonRef;
import org.planetlab.plc.person.Profile;
import org.planetlab.plc.site.NewSite;
import org.planetlab.plc.site.SiteRef;
import org.planetlab.trust.tls.TlsContexts;

/**
 * A PLC serving the portal over TLS with its own CA, sending mail to a real SMTP server
 * (GreenMail) on loopback, with two sites, a PI at each, and nodes at both.
 */
final class PortalTestbed implements AutoCloseable {
    static final String OPERATOR_EMAIL = "operator@plc.test";
    static final String PASSWORD = "a-long-password-1";
    static final String PI_EMAIL = "pi@princeton.test";
    static final String OTHER_PI_EMAIL = "pi@mit.test";

    final GreenMail smtp;
    final Plc plc;
    final long princeton;
    final long mit;
    private final Path dataDir;

    private PortalTestbed(GreenMail smtp, Plc plc, Path dataDir, long princeton, long mit) {
        this.smtp = smtp;
        this.plc = plc;
        this.dataDir = dataDir;
        this.princeton = princeton;
        this.mit = mit;
    }

    static PortalTestbed start() throws IOException {
        int smtpPort = freePort();
        GreenMail smtp = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        Path dataDir = Files.createTempDirectory("portal-plc");
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("port", "0");
        settings.put("password-hash-memory-kib", "64");
        settings.put("tls", "true");
        settings.put("mail.smtp-host", "127.0.0.1");
        settings.put("mail.smtp-port", Integer.toString(smtpPort));
        settings.put("mail.from", "plc@plc.test");
        settings.put("mail.support", "support@plc.test");
        Plc plc = Plc.start(PlcConfig.fromDataDir(dataDir, settings), Clock.systemUTC(), new SecureRandom(),
                (handle, request) -> {
                    throw new PlanetLabException(ErrorCode.AUTHENTICATION_FAILED, "no node signatures in this test");
                }, true);
        new Bootstrap(plc).createOperator(OPERATOR_EMAIL, PASSWORD, "Olive", "Operator");
        long princeton = plc.sites().addSite(Caller.INTERNAL, site("princeton", "Princeton University"));
        long mit = plc.sites().addSite(Caller.INTERNAL, site("mit", "MIT"));
        person(plc, PI_EMAIL, "Paula", "Princeton", princeton, Role.PI);
        person(plc, OTHER_PI_EMAIL, "Max", "Mit", mit, Role.PI);
        for (String host : List.of("node1.princeton.test", "node2.princeton.test")) {
            plc.nodes().addNode(Caller.INTERNAL, SiteRef.of(princeton), NewNode.named(host));
        }
        plc.nodes().addNode(Caller.INTERNAL, SiteRef.of(mit), NewNode.named("node1.mit.test"));
        return new PortalTestbed(smtp, plc, dataDir, princeton, mit);
    }

    private static NewSite site(String loginBase, String name) {
        NewSite named = NewSite.named(loginBase, name, loginBase);
        return new NewSite(named.loginBase(), named.name(), named.abbreviatedName(), named.url(), named.latitude(),
                named.longitude(), OptionalLong.of(10), OptionalLong.of(100), named.isPublic(), Optional.of(true),
                named.subnets());
    }

    /** An enabled account at a site with a role (and the user role, as PIs have). */
    static long person(Plc plc, String email, String first, String last, long siteId, Role role) {
        long personId = plc.persons().addPerson(Caller.INTERNAL, new NewPerson(Profile.of(email, first, last),
                Optional.of(PASSWORD), Optional.of(true)));
        plc.personMemberships().addToSite(Caller.INTERNAL, PersonRef.of(personId), SiteRef.of(siteId));
        plc.personMemberships().addRole(Caller.INTERNAL, role, PersonRef.of(personId));
        if (role != Role.USER) {
            plc.personMemberships().addRole(Caller.INTERNAL, Role.USER, PersonRef.of(personId));
        }
        if (role == Role.PI) {
            // The PI signs the site's hosting agreement, without which the PI may not create slices.
            plc.siteAgreements().record(Caller.INTERNAL, siteId, personId, "2026-1");
        }
        return personId;
    }

    URI uri() {
        return URI.create("https://localhost:" + plc.port());
    }

    /** An API client over TLS that trusts exactly this PLC's CA. */
    PlcClient client(Credentials credentials) {
        var http = TlsContexts.httpClient(TlsContexts.client(plc.trust().tlsCaCertificate(), new SecureRandom()),
                Duration.ofSeconds(10));
        return new PlcClient(uri(), credentials, PlcClient.Encoding.XML_RPC, http, RequestSigner.NONE,
                Duration.ofSeconds(30));
    }

    PlcClient client(String email) {
        return client(new Credentials.Password(email, PASSWORD));
    }

    /** The newest message to {@code address} whose subject contains {@code subject}, waiting up to 10 s. */
    String mailTo(String address, String subject) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            MimeMessage[] received = smtp.getReceivedMessages();
            for (int index = received.length - 1; index >= 0; index--) {
                MimeMessage message = received[index];
                boolean to = Arrays.stream(message.getRecipients(Message.RecipientType.TO))
                        .anyMatch(recipient -> recipient.toString().equalsIgnoreCase(address));
                if (to && message.getSubject().contains(subject)) {
                    return message.getContent().toString();
                }
            }
            smtp.waitForIncomingEmail(500, received.length + 1);
        }
        throw new AssertionError("no mail to " + address + " about " + subject);
    }

    /** The portal link in a mail's text. */
    static String link(String mail) {
        Matcher matcher = Pattern.compile("https://\\S+").matcher(mail);
        if (!matcher.find()) {
            throw new AssertionError("no link in the mail:\n" + mail);
        }
        return matcher.group();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() {
        plc.close();
        smtp.stop();
        try (Stream<Path> files = Files.walk(dataDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
