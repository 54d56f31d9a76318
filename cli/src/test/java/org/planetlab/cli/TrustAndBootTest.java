package org.planetlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.planetlab.api.client.Credentials;
import org.planetlab.api.client.PlcClient;
import org.planetlab.cli.exit.ExitCode;
import org.planetlab.cli.testing.Json;
import org.planetlab.cli.testing.PlRunner;
import org.planetlab.cli.testing.PlRunner.Result;
import org.planetlab.plc.auth.SignedNodeRequests;
import org.planetlab.plc.testing.Registry;
import org.planetlab.plc.testing.StoreKind;
import org.planetlab.plc.testing.TestingPlc;
import org.planetlab.trust.cert.CertificateSigner;
import org.planetlab.trust.cert.NodeSubject;
import org.planetlab.trust.cert.PersonSubject;
import org.planetlab.trust.key.KeyAlgorithm;
import org.planetlab.trust.key.KeyFiles;
import org.planetlab.trust.key.Pem;
import org.planetlab.trust.ticket.TicketNodes;
import org.planetlab.trust.ticket.VerifiedTicket;
import org.planetlab.trust.ticket.TicketVerifier;

/**
 * The signed side of PLC through pl: slice tickets, logging in with a certificate, and the boot
 * server as a node sees it, with requests signed by its plnode.txt.
 */
class TrustAndBootTest {
    private final SecureRandom random = new SecureRandom();

    @TempDir
    Path home;

    private static String ok(Result result) {
        assertThat(result.exit()).as(result.toString()).isZero();
        return result.out();
    }

    @Test
    void ticketsCertificateLoginAndTheBootServer() throws IOException {
        Clock clock = Clock.systemUTC();
        try (TestingPlc plc = TestingPlc.start(StoreKind.SQLITE, clock, new SignedNodeRequests(clock, true))) {
            Registry registry = new Registry(plc.operator(PlcClient.Encoding.JSON));
            long site = registry.site("secure");
            Credentials.Password user = registry.person("user@secure.org", "user", site);
            long nodeId = registry.node(site, "node1.secure.org", "127.0.0.1");
            PlRunner anyone = new PlRunner(Map.of("PL_URL", plc.uri().toString(), "HOME", home.toString()), clock);
            PlRunner operator = anyone.with("PL_USER", TestingPlc.OPERATOR_EMAIL).with("PL_PASSWORD", TestingPlc.OPERATOR_PASSWORD);
            PlRunner asUser = anyone.with("PL_USER", user.email()).with("PL_PASSWORD", user.password());

            // A ticket for the user's slice verifies with PLC's trust roots alone.
            ok(operator.run("slice", "add", "--name", "secure_exp", "--instantiation", "delegated"));
            ok(operator.run("slice", "add-users", "secure_exp", user.email()));
            ok(operator.run("slice", "add-nodes", "secure_exp", "node1.secure.org"));
            TicketVerifier tickets = new TicketVerifier(plc.plc().trust().chainVerifier());
            VerifiedTicket ticket = tickets.verify(ok(asUser.run("slice", "ticket", "secure_exp")));
            assertThat(ticket.ticket().sliceName()).isEqualTo("plc.secure.exp");
            assertThat(ticket.ticket().nodes().covers("node1.secure.org")).isTrue();
            VerifiedTicket anyNode = tickets.verify(ok(asUser.run("slice", "ticket", "secure_exp", "--any-node",
                    "--valid-seconds", "600")));
            assertThat(anyNode.ticket().nodes()).isInstanceOf(TicketNodes.AnyNode.class);

            // The user logs in with a certificate from the slice authority and her private key.
            KeyPair keys = KeyAlgorithm.EC_P256.generate(random);
            Path certificate = home.resolve("user.xml");
            Files.writeString(certificate, new CertificateSigner(clock, random).issue(new PersonSubject(user.email()),
                    keys.getPublic(), false, Duration.ofDays(1), plc.plc().trust().sliceAuthority()).xml());
            Path key = home.resolve("user.key");
            KeyFiles.writePrivateKey(key, keys.getPrivate());
            Result login = anyone.run("session", "login", "--certificate", certificate.toString(), "--key", key.toString());
            assertThat(login.exit()).as(login.toString()).isZero();
            assertThat(login.err()).contains("as ").contains("user@secure.org");
            assertThat(ok(anyone.run("session", "check"))).contains("stored session from pl session login");
            assertThat(ok(anyone.run("--json", "slice", "list", "--fields", "name"))).contains("secure_exp");
            ok(anyone.run("session", "logout"));
            Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
            Result exposed = anyone.run("session", "login", "--certificate", certificate.toString(), "--key", key.toString());
            assertThat(exposed.exit()).isEqualTo(ExitCode.USAGE.number());
            assertThat(exposed.err()).contains("chmod 600");

            // On the node: its plnode.txt signs what the boot manager asks.
            Path plnode = home.resolve("plnode.txt");
            Files.writeString(plnode, ok(operator.run("node", "config-file", String.valueOf(nodeId))));
            Files.setPosixFilePermissions(plnode, PosixFilePermissions.fromString("rw-------"));
            Map<String, Object> details = Json.struct(Json.parse(ok(anyone.run("--json", "boot", "details", "--plnode",
                    plnode.toString()))));
            assertThat(details).containsEntry("node_id", nodeId).containsEntry("boot_state", "reinstall");
            ok(anyone.run("boot", "report", "--plnode", plnode.toString(), "--boot-state", "boot", "--version", "1.0"));
            KeyPair nodeKeys = KeyAlgorithm.EC_P256.generate(random);
            Path nodePublic = home.resolve("node.pub");
            Files.writeString(nodePublic, Pem.write(nodeKeys.getPublic()));
            String nodeCertificate = ok(anyone.run("boot", "certificate", nodePublic.toString(), "--plnode", plnode.toString()));
            assertThat(plc.plc().trust().chainVerifier().verify(nodeCertificate.strip()).subject())
                    .isEqualTo(new NodeSubject(nodeId, "node1.secure.org"));
            Result unsigned = anyone.run("boot", "details");
            assertThat(unsigned.exit()).isEqualTo(ExitCode.USAGE.number());
            assertThat(unsigned.err()).contains("--plnode");
        }
    }

    @Test
    void aPlcServedOverTlsIsTrustedOnlyThroughItsCa() throws IOException {
        try (TestingPlc plc = TestingPlc.startWithTls(StoreKind.SQLITE)) {
            Path ca = home.resolve("tls-ca.pem");
            Files.writeString(ca, Pem.write(plc.plc().trust().tlsCaCertificate()));
            PlRunner operator = new PlRunner(Map.of("PL_URL", plc.uri().toString(), "HOME", home.toString(),
                    "PL_USER", TestingPlc.OPERATOR_EMAIL, "PL_PASSWORD", TestingPlc.OPERATOR_PASSWORD), Clock.systemUTC());

            assertThat(ok(operator.run("--ca-file", ca.toString(), "roles"))).contains("admin", "tech");
            assertThat(ok(operator.with("PL_CA_FILE", ca.toString()).run("session", "check"))).startsWith("ok: ");

            Result untrusted = operator.run("roles");
            assertThat(untrusted.exit()).as(untrusted.toString()).isEqualTo(ExitCode.UNAVAILABLE.number());
            assertThat(untrusted.err()).contains("cannot reach PLC at " + plc.uri())
                    .contains("the server's certificate is not trusted; give PLC's CA certificate");
            Path otherCa = home.resolve("other-ca.pem");
            try (TestingPlc other = TestingPlc.startWithTls(StoreKind.SQLITE)) {
                Files.writeString(otherCa, Pem.write(other.plc().trust().tlsCaCertificate()));
            }
            assertThat(operator.run("--ca-file", otherCa.toString(), "roles").exit()).isEqualTo(ExitCode.UNAVAILABLE.number());
            Result missing = operator.run("--ca-file", home.resolve("absent.pem").toString(), "roles");
            assertThat(missing.exit()).isEqualTo(ExitCode.USAGE.number());
            assertThat(missing.err()).contains("cannot read the CA certificate");
        }
    }
}
