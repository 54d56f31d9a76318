package org.planetlab.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.planetlab.cli.testing.Json.list;
import static org.planetlab.cli.testing.Json.rows;
import static org.planetlab.cli.testing.Json.struct;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.planetlab.cli.exit.ExitCode;
import org.planetlab.cli.testing.Json;
import org.planetlab.cli.testing.PlRunner;
import org.planetlab.cli.testing.PlRunner.Result;
import org.planetlab.plc.testing.StoreKind;
import org.planetlab.plc.testing.TestKeys;
import org.planetlab.plc.testing.TestingPlc;

/**
 * The registry's story told with {@code pl} against a real PLC, each step as the role that does
 * it: the operator creates a site and its PI and tech; a user registers and the PI approves her;
 * she uploads a key; the PI creates a slice and adds her; the tech adds nodes; she puts the slice
 * on them; the node's view shows it; she renews and deletes it; the event log says who did what.
 */
class RegistryStoryTest {
    /** pl's clock, fixed so that a renewal's expiry can be checked to the second; PLC keeps the real one. */
    private static final Instant NOW = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);

    @TempDir
    Path home;

    private static String ok(Result result) {
        assertThat(result.exit()).as(result.toString()).isZero();
        return result.out();
    }

    private Path passwordFile(String name, String password) throws IOException {
        Path file = home.resolve(name);
        Files.writeString(file, password + "\n");
        Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    @ParameterizedTest(name = "over {0}")
    @ValueSource(strings = {"json", "xmlrpc"})
    void siteToSliverAndBack(String encoding) throws IOException {
        try (TestingPlc plc = TestingPlc.start(StoreKind.SQLITE)) {
            PlRunner anyone = new PlRunner(Map.of("PL_URL", plc.uri().toString(), "HOME", home.toString(),
                    "PL_ENCODING", encoding), Clock.fixed(NOW, ZoneOffset.UTC));
            PlRunner operator = anyone.with("PL_USER", TestingPlc.OPERATOR_EMAIL).with("PL_PASSWORD", TestingPlc.OPERATOR_PASSWORD);

            // The operator creates the site and its PI and tech.
            String siteId = ok(operator.run("site", "add", "--login-base", "princeton", "--name", "Princeton University",
                    "--abbreviated-name", "Princeton", "--max-slices", "5", "--latitude", "40.35", "--longitude", "-74.66", "--subnets", "128.112.0.0/16")).strip();
            assertThat(siteId).matches("[0-9]+");
            for (String role : new String[] {"pi", "tech"}) {
                String email = role + "@princeton.edu";
                ok(operator.run("person", "add", "--email", email, "--first-name", role, "--last-name", "Princeton",
                        "--new-password-file", passwordFile(role, "secret-of-" + role).toString(), "--enabled"));
                ok(operator.run("person", "add-site", email, "princeton"));
                ok(operator.run("person", "add-role", email, role));
            }
            PlRunner pi = anyone.with("PL_USER", "pi@princeton.edu").with("PL_PASSWORD", "secret-of-pi");
            PlRunner tech = anyone.with("PL_USER", "tech@princeton.edu").with("PL_PASSWORD", "secret-of-tech");

            // Alice registers without any credentials; she cannot act until the PI approves her.
            String aliceId = ok(anyone.input("rabbit-hole-42\n").run("person", "register", "princeton", "--email", "alice@princeton.edu",
                    "--first-name", "Alice", "--last-name", "Liddell", "--new-password-file", "-")).strip();
            PlRunner alice = anyone.with("PL_USER", "alice@princeton.edu").with("PL_PASSWORD", "rabbit-hole-42");
            Result refused = alice.run("session", "check");
            assertThat(refused.exit()).isEqualTo(ExitCode.AUTHENTICATION.number());
            assertThat(refused.err()).contains("not enabled");
            ok(pi.run("person", "approve", "alice@princeton.edu"));
            assertThat(ok(alice.run("session", "check"))).contains("ok: alice@princeton.edu");

            // She uploads her key from a file.
            String key = TestKeys.ed25519("alice@laptop");
            Path keyFile = home.resolve("id_ed25519.pub");
            Files.writeString(keyFile, key + "\n");
            String keyId = ok(alice.run("key", "add", "alice@princeton.edu", "--key-file", keyFile.toString())).strip();
            assertThat(ok(alice.run("key", "list"))).contains("KEY_ID", "FINGERPRINT", "SHA256:").contains(keyId);

            // Until an operator records the site's signed hosting agreement, its PI creates no slice.
            Result unsigned = pi.run("slice", "add", "--name", "princeton_codeen");
            assertThat(unsigned.exit()).isNotZero();
            assertThat(unsigned.err()).contains("site princeton has no signed hosting agreement");
            ok(operator.run("site", "agreement", "record", "princeton", "--signed-by", "pi@princeton.edu",
                    "--version", "2026-1"));
            assertThat(ok(operator.run("site", "agreement", "list"))).contains("princeton", "2026-1");

            // The PI creates a slice and makes Alice a user of it.
            ok(pi.run("slice", "add", "--name", "princeton_codeen", "--description", "a content distribution network",
                    "--slice-url", "https://codeen.example.org/"));
            ok(pi.run("slice", "add-users", "princeton_codeen", "alice@princeton.edu"));

            // The tech adds two nodes with their primary interfaces and fetches a plnode.txt.
            String node1 = ok(tech.run("node", "add", "princeton", "--hostname", "planetlab1.cs.princeton.edu",
                    "--ip", "128.112.139.71", "--mac", "00:06:5b:ec:33:bb")).strip();
            ok(tech.run("node", "add", "princeton", "--hostname", "planetlab2.cs.princeton.edu", "--ip", "128.112.139.72"));
            assertThat(rows(ok(tech.run("--json", "interface", "list", "--filter", "node_id=" + node1, "--fields", "ip,mac,method"))))
                    .containsExactly(Map.of("ip", "128.112.139.71", "mac", "00:06:5b:ec:33:bb", "method", "static"));
            assertThat(ok(tech.run("node", "config-file", "planetlab1.cs.princeton.edu")))
                    .contains("NODE_ID", "128.112.139.71").contains("NODE_KEY");
            assertThat(rows(ok(tech.run("node", "list", node1, "--fields", "boot_state", "--json"))))
                    .containsExactly(Map.of("boot_state", "reinstall"));
            ok(tech.run("node", "update", "planetlab1.cs.princeton.edu", "--boot-state", "boot"));
            String nodeTable = ok(tech.run("node", "list"));
            assertThat(nodeTable.lines().findFirst().orElseThrow()).contains("NODE_ID", "HOSTNAME", "BOOT_STATE");
            assertThat(nodeTable).containsPattern("planetlab1\\.cs\\.princeton\\.edu +" + siteId + " +boot");

            // Alice puts the slice on both nodes; attributes are set slice-wide and per node.
            ok(alice.run("slice", "add-nodes", "princeton_codeen", node1, "planetlab2.cs.princeton.edu"));
            Path bootscript = home.resolve("bootscript.sh");
            Files.writeString(bootscript, "echo hello\n");
            ok(pi.run("slice", "set-attr", "princeton_codeen", "--name", "bootscript", "--value-file", bootscript.toString()));
            ok(operator.run("slice-tag", "add", "princeton_codeen", "cpu_share", "4", "--node", "planetlab1.cs.princeton.edu"));
            assertThat(ok(alice.run("slice", "attrs", "princeton_codeen"))).contains("TAGNAME", "bootscript", "cpu_share");

            // The node's view (what the node agent fetches) has the sliver, her key and the resolved RSpec.
            Map<String, Object> view = struct(Json.parse(ok(operator.run("--json", "slivers", "planetlab1.cs.princeton.edu"))));
            Map<String, Object> sliver = list(view.get("slivers")).getFirst();
            assertThat(sliver).containsEntry("name", "princeton_codeen").containsEntry("hrn", "plc.princeton.codeen");
            assertThat(list(sliver.get("keys"))).containsExactly(Map.of("key_type", "ssh", "key", key));
            assertThat(struct(sliver.get("rspec"))).containsEntry("cpu_share", "4").containsEntry("bootscript", "echo hello");
            assertThat(ok(operator.run("slivers", "planetlab1.cs.princeton.edu")))
                    .contains("hostname:", "planetlab1.cs.princeton.edu", "slivers:", "princeton_codeen");

            // The slice table shows it started on both nodes; Alice renews it for four weeks.
            String slices = ok(alice.run("slice", "list"));
            assertThat(slices.lines().findFirst().orElseThrow()).contains("SLICE_ID", "NAME", "STATE", "EXPIRES");
            assertThat(slices).contains("princeton_codeen").contains("started");
            ok(alice.run("slice", "renew", "princeton_codeen", "--weeks", "4"));
            long expires = (Long) rows(ok(alice.run("--json", "slice", "show", "princeton_codeen"))).getFirst().get("expires");
            assertThat(expires).isEqualTo(NOW.plus(Duration.ofDays(28)).getEpochSecond());

            // She deletes it: gone from the node, kept on record, and the event log names her.
            ok(alice.run("slice", "delete", "princeton_codeen"));
            assertThat(list(struct(Json.parse(ok(operator.run("--json", "slivers", node1)))).get("slivers"))).isEmpty();
            assertThat(rows(ok(operator.run("--json", "slice", "list", "--filter", "is_deleted=true",
                    "--fields", "name,is_deleted")))).containsExactly(Map.of("name", "princeton_codeen", "is_deleted", true));
            Map<String, Object> deletion = rows(ok(operator.run("--json", "events", "--filter", "call_name=DeleteSlice"))).getFirst();
            assertThat(deletion.get("person_id")).isEqualTo(Long.parseLong(aliceId));
            assertThat(ok(operator.run("events", "--filter", "call_name=DeleteSlice"))).contains("CALL_NAME", "DeleteSlice");
        }
    }
}
