package org.planetlab.plc.stop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.planetlab.api.client.PlcClient;
import org.planetlab.plc.testing.Registry;
import org.planetlab.plc.testing.StoreKind;
import org.planetlab.plc.testing.TestingPlc;

/**
 * A stop tells the stopped slice's users by mail, through a real SMTP server: once per stop that
 * committed, never for a refused one, to that slice's users only (a system-wide stop mails each
 * live slice's users apart), saying what was stopped where, by whom, why, and how to start it.
 */
class StopMailTest {
    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void eachStopIsMailedOnceToTheStoppedSlicesUsersOnly(StoreKind store) throws Exception {
        int port = freePort();
        GreenMail smtp = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        try (TestingPlc testing = TestingPlc.start(store, Clock.systemUTC(), Map.of("mail.smtp-host", "127.0.0.1",
                "mail.smtp-port", Integer.toString(port), "mail.from", "plc@plc.test", "mail.support", "support@plc.test"))) {
            PlcClient operator = testing.operator(PlcClient.Encoding.JSON);
            Registry registry = new Registry(operator);
            long site = registry.site("mlab");
            PlcClient alice = operator.as(registry.person("alice@mlab.org", "user", site));
            registry.person("bob@mlab.org", "user", site);
            PlcClient carol = operator.as(registry.person("carol@mlab.org", "user", site));
            registry.person("idle@mlab.org", "user", site);
            long node = registry.node(site, "n1.mlab.org", "10.9.1.1");
            operator.call("AddSlice", Map.of("name", "mlab_crawl", "url", "https://mlab.org/", "description", "a crawler"));
            operator.call("AddPersonToSlice", "alice@mlab.org", "mlab_crawl");
            operator.call("AddPersonToSlice", "bob@mlab.org", "mlab_crawl");
            operator.call("AddSliceToNodes", "mlab_crawl", List.of(node));
            operator.call("AddSlice", Map.of("name", "mlab_other", "url", "https://mlab.org/", "description", "another"));
            operator.call("AddPersonToSlice", "carol@mlab.org", "mlab_other");

            assertThatThrownBy(() -> carol.call("StopSlice", "mlab_crawl", "not my slice")).hasMessageContaining("StopSlice");
            alice.call("StopSlice", "mlab_crawl", "runaway crawler");
            awaitMail(testing, smtp, 2);
            MimeMessage stopped = withSubject(smtp, "[PlanetLab] slice mlab_crawl stopped on every node").getFirst();
            assertThat(recipients(stopped)).containsExactlyInAnyOrder("alice@mlab.org", "bob@mlab.org");
            assertThat(GreenMailUtil.getBody(stopped)).contains("runaway crawler").contains("one of the slice's users")
                    .contains("pl slice start mlab_crawl").contains("support@plc.test");
            alice.call("StartSlice", "mlab_crawl");

            operator.call("StopSliver", "mlab_crawl", "n1.mlab.org", "saturating the site's uplink");
            awaitMail(testing, smtp, 4);
            List<MimeMessage> sliver = withSubject(smtp, "[PlanetLab] slice mlab_crawl stopped on n1.mlab.org");
            assertThat(sliver).as("one message, in each user's mailbox").hasSize(2);
            assertThat(GreenMailUtil.getBody(sliver.getFirst())).contains("saturating the site's uplink")
                    .contains("PlanetLab's operators").contains("--node n1.mlab.org (by an operator only)");

            operator.call("StopAllSlices", "worm in the sliver images");
            awaitMail(testing, smtp, 7);
            assertThat(withSubject(smtp, "[PlanetLab] every slice stopped, mlab_crawl with them"))
                    .as("the slice's users only").hasSize(2).allSatisfy(message -> assertThat(recipients(message))
                            .containsExactlyInAnyOrder("alice@mlab.org", "bob@mlab.org"));
            assertThat(withSubject(smtp, "[PlanetLab] every slice stopped, mlab_other with them"))
                    .as("another slice's users apart").singleElement().satisfies(message -> assertThat(recipients(message))
                            .containsExactly("carol@mlab.org"));

            testing.plc().mail().stops().deliverDue();
            assertThat(smtp.getReceivedMessages()).as("nothing twice, nothing for the refused stop").hasSize(7);
        } finally {
            smtp.stop();
        }
    }

    /** Waits until exactly {@code count} deliveries (one per recipient's mailbox) arrived. */
    private static void awaitMail(TestingPlc testing, GreenMail smtp, int count) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!smtp.waitForIncomingEmail(200, count) && System.nanoTime() < deadline) {
            testing.plc().mail().stops().deliverDue();
        }
        assertThat(smtp.getReceivedMessages()).as("deliveries").hasSize(count);
    }

    private static List<MimeMessage> withSubject(GreenMail smtp, String subject) throws MessagingException {
        List<MimeMessage> found = new ArrayList<>();
        for (MimeMessage message : smtp.getReceivedMessages()) {
            if (subject.equals(message.getSubject())) {
                found.add(message);
            }
        }
        return found;
    }

    private static List<String> recipients(MimeMessage message) {
        try {
            List<String> addresses = new ArrayList<>();
            for (var address : message.getRecipients(Message.RecipientType.TO)) {
                addresses.add(address.toString());
            }
            return addresses;
        } catch (MessagingException e) {
            throw new AssertionError(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
