package org.planetlab.cli.ticket;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.planetlab.api.client.Credentials;
import org.planetlab.api.client.PlcClient;
import org.planetlab.cli.testing.PlRunner;
import org.planetlab.cli.testing.PlRunner.Result;
import org.planetlab.plc.testing.Registry;
import org.planetlab.plc.testing.StoreKind;
import org.planetlab.plc.testing.TestingPlc;
import org.planetlab.trust.key.Pem;
import org.planetlab.trust.ssh.SshKeys;
import org.planetlab.trust.ssh.SshSignature;
import org.planetlab.trust.ticket.RedemptionProof;

/**
 * {@code pl ticket} as a user runs it against a real PLC and stand-ins for nodes' ticket
 * endpoints: a ticket is fetched and kept, redeemed on several nodes in parallel with partial
 * failure reported by the exit code, the unreachable node retried later; {@code pl slice status}
 * says what PLC knows.
 */
class TicketCommandsTest {
    @TempDir
    Path home;

    @Test
    void getRedeemOnManyNodesAndRetryTheUnreachableOnes() throws IOException, InterruptedException {
        try (TestingPlc plc = TestingPlc.startWithTls(StoreKind.SQLITE)) {
            PlRunner user = user(plc);
            Result got = user.run("ticket", "get", "tkt_exp", "--any-node", "--valid", "3600");
            assertThat(got.exit()).as(got.toString()).isZero();
            Path ticket = Path.of(got.out().strip());
            assertThat(Files.readString(ticket)).startsWith("<ticket").contains("plc.tkt.exp");
            assertThat(ticket).startsWith(home.resolve(".local/state/planetlab/tickets/plc.tkt.exp"));
            Path identity = home.resolve(".ssh/id_ed25519");
            Files.createDirectories(identity.getParent());
            assertThat(new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "user", "-f", identity.toString())
                    .start().waitFor()).isZero();
            Path key = home.resolve(".ssh/id_ed25519.pub");

            int laterPort = freePort();
            var ca = plc.plc().trust().tlsAuthority();
            try (FakeNode good = FakeNode.start(ca, 0, 200, FakeNode.lease("tkt_exp"));
                    FakeNode refusing = FakeNode.start(ca, 0, 403, FakeNode.refusal("VERIFICATION_FAILED", "ticket expired"))) {
                Result partial = user.run("ticket", "redeem", ticket.toString(), good.address(), refusing.address(),
                        "127.0.0.1:" + laterPort, "--key", key.toString());
                assertThat(partial.exit()).as(partial.toString()).isEqualTo(TicketCommands.SOME_FAILED);
                assertThat(partial.out()).contains(good.address() + ": lease until").contains("ssh tkt_exp@127.0.0.1");
                assertThat(partial.err()).contains(refusing.address() + ": FAILED: ticket expired (VERIFICATION_FAILED)")
                        .contains("127.0.0.1:" + laterPort + ": FAILED: cannot reach").contains("kept for pl ticket retry");
                assertThat(good.requests.getFirst().get("keys")).isEqualTo(List.of(Files.readString(key).strip()));
                SshSignature proof = SshSignature.parse((String) good.requests.getFirst().get("proof"));
                assertThat(proof.publicKey()).as("signed with the user's own key").isEqualTo(SshKeys.fromLine(Files.readString(key)).orElseThrow());
                String ticketId = ticket.getParent().getFileName().toString();
                proof.verify(RedemptionProof.NAMESPACE, new RedemptionProof("RedeemTicket", ticketId, "127.0.0.1", FakeNode.CHALLENGE,
                        List.of(Files.readString(key).strip())).message());
                Path entry = ticket.getParent();
                assertThat(Files.readAllLines(entry.resolve("unredeemed"))).containsExactly("127.0.0.1:" + laterPort);
                assertThat(Files.readString(entry.resolve("leases").resolve(good.address().replace(':', '_') + ".xml"))).isEqualTo("<lease>tkt_exp</lease>");

                Result stillDown = user.run("ticket", "retry");
                assertThat(stillDown.exit()).as(stillDown.toString()).isEqualTo(TicketCommands.NONE_REDEEMED);
                try (FakeNode later = FakeNode.start(ca, laterPort, 200, FakeNode.lease("tkt_exp"))) {
                    Result retried = user.run("ticket", "retry", "plc.tkt.exp");
                    assertThat(retried.exit()).as(retried.toString()).isEqualTo(TicketCommands.ALL_REDEEMED);
                    assertThat(later.requests).hasSize(1);
                }
                assertThat(Files.readString(entry.resolve("unredeemed"))).isEmpty();
                assertThat(user.run("ticket", "retry").err()).contains("nothing to retry");
            }
        }
    }

    @Test
    void sliceStatusSaysWhatPlcKnows() {
        try (TestingPlc plc = TestingPlc.startWithTls(StoreKind.SQLITE)) {
            PlRunner user = user(plc);
            Result status = user.run("slice", "status", "tkt_exp");
            assertThat(status.exit()).as(status.toString()).isZero();
            assertThat(status.out()).contains("plc.tkt.exp").contains("started").contains("node1.tkt.org").contains("never")
                    .contains("unknown");
            assertThat(user.run("slice", "status", "tkt_none").exit()).isEqualTo(5);

            // The node reports the sliver failed: the user reads why.
            long nodeId = Registry.rows(plc.operator(PlcClient.Encoding.JSON).call("GetNodes", List.of("node1.tkt.org"),
                    List.of("node_id"))).getFirst().get("node_id") instanceof Long id ? id : 0;
            long now = Clock.systemUTC().instant().getEpochSecond();
            plc.client(plc.nodeSession(nodeId), PlcClient.Encoding.JSON).call("ReportSliverStates", Map.of("sent_at", now,
                    "agent_started", now, "sequence", 1L, "slivers", List.of(Map.of("name", "tkt_exp", "state", "failed",
                            "reason", "installing pl-missing failed: E: Unable to locate package pl-missing", "since", now))));
            Result failed = user.run("slice", "status", "tkt_exp");
            assertThat(failed.exit()).as(failed.toString()).isZero();
            assertThat(failed.out()).contains("failed").contains("Unable to locate package");
            assertThat(user.run("--json", "sliver", "states", "tkt_exp").out()).contains("E: Unable to locate package pl-missing");
        }
    }

    private PlRunner user(TestingPlc plc) {
        PlcClient operator = plc.operator(PlcClient.Encoding.JSON);
        Registry registry = new Registry(operator);
        long site = registry.site("tkt");
        Credentials.Password user = registry.person("user@tkt.org", "user", site);
        Credentials.Password pi = registry.person("pi@tkt.org", "pi", site);
        registry.node(site, "node1.tkt.org", "127.0.0.1");
        PlcClient asPi = plc.client(pi, PlcClient.Encoding.JSON);
        asPi.call("AddSlice", Map.of("name", "tkt_exp", "instantiation", "delegated"));
        asPi.call("AddPersonToSlice", user.email(), "tkt_exp");
        asPi.call("AddSliceToNodes", "tkt_exp", List.of("node1.tkt.org"));
        Path ca = home.resolve("tls-ca.pem");
        try {
            Files.writeString(ca, Pem.write(plc.plc().trust().tlsCaCertificate()));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return new PlRunner(Map.of("PL_URL", plc.uri().toString(), "HOME", home.toString(), "PL_CA_FILE", ca.toString(),
                "PL_USER", user.email(), "PL_PASSWORD", user.password()), Clock.systemUTC());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
