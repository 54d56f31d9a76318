package org.planetlab.node.conf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.planetlab.api.client.PlcClient;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.node.boot.PlcConnection;
import org.planetlab.node.monitor.HeartbeatSender;
import org.planetlab.plc.auth.SignedNodeRequests;
import org.planetlab.plc.testing.Registry;
import org.planetlab.plc.testing.StoreKind;
import org.planetlab.plc.testing.TestingPlc;
import org.planetlab.trust.node.PlnodeConfig;
import org.planetlab.trust.node.PlnodeFile;

/**
 * Configuration files from a real PLC, fetched with node-signed calls and installed under a
 * temporary root as a node would install them under {@code /}: written, left alone when equal,
 * updated when PLC's source changes, put back after a local change, refused when hostile (with
 * nothing outside changed), and every problem reported by name in the heartbeat PLC keeps.
 */
class ConfFilesTest {
    @TempDir
    Path root;
    @TempDir
    Path outside;

    private String owner;
    private String group;

    @BeforeEach
    void names() throws IOException {
        PosixFileAttributes attributes = Files.readAttributes(root, PosixFileAttributes.class);
        owner = attributes.owner().getName();
        group = attributes.group().getName();
    }

    @Test
    void filesAreInstalledUpdatedRestoredAndHostileOnesRefusedAndReported() throws IOException {
        Clock clock = Clock.systemUTC();
        try (TestingPlc testing = TestingPlc.start(StoreKind.SQLITE, clock, new SignedNodeRequests(clock, true))) {
            PlcClient operator = testing.operator(PlcClient.Encoding.JSON);
            Registry registry = new Registry(operator);
            long siteId = registry.site("confs");
            PlcClient tech = operator.as(registry.person("tech@confs.org", "tech", siteId));
            long nodeId = registry.node(siteId, "n1.confs.org", "127.0.0.1");
            PlnodeConfig plnode = PlnodeFile.parse((String) tech.call("GetNodeConfigFile", nodeId));
            PlcClient node = PlcConnection.signedByNode(testing.uri(), null, plnode, clock, new SecureRandom());
            Path sources = Files.createDirectories(testing.dataDir().resolve("conf-files"));
            Files.writeString(sources.resolve("motd"), "welcome\n");
            Path ran = outside.resolve("post-install-ran");
            Path errorRan = outside.resolve("error-command-ran");

            long motd = operator.call("AddConfFile", file("motd", "/etc/planetlab/motd", "0640",
                    Map.of("postinstall_cmd", "/usr/bin/touch " + ran))) instanceof Long id ? id : -1;
            operator.call("AddConfFileToNode", motd, nodeId);
            ConfFiles confFiles = new ConfFiles(node, new ConfFilesSettings(root, List.of(Path.of("/etc/planetlab")),
                    Duration.ofSeconds(60), Duration.ofSeconds(5)));

            ConfFiles.Round first = confFiles.converge();
            Path installed = root.resolve("etc/planetlab/motd");
            assertThat(first.installed()).containsExactly("/etc/planetlab/motd");
            assertThat(first.problems()).isEmpty();
            assertThat(installed).hasContent("welcome");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(installed))).isEqualTo("rw-r-----");
            assertThat(ran).exists();
            assertThat(root.resolve("etc/planetlab")).isDirectory();

            Files.delete(ran);
            assertThat(confFiles.converge().unchanged()).containsExactly("/etc/planetlab/motd");
            assertThat(ran).doesNotExist();

            // A change at PLC reaches the node.
            Files.writeString(sources.resolve("motd"), "welcome, again\n");
            assertThat(confFiles.converge().installed()).containsExactly("/etc/planetlab/motd");
            assertThat(installed).hasContent("welcome, again");

            // A local change, to the content or only the mode, is put back.
            Files.writeString(installed, "tampered\n");
            assertThat(confFiles.converge().installed()).containsExactly("/etc/planetlab/motd");
            assertThat(installed).hasContent("welcome, again");
            Files.setPosixFilePermissions(installed, PosixFilePermissions.fromString("rw-rw-rw-"));
            assertThat(confFiles.converge().installed()).containsExactly("/etc/planetlab/motd");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(installed))).isEqualTo("rw-r-----");
            assertThat(Files.list(installed.getParent()).map(path -> path.getFileName().toString()))
                    .containsExactly("motd"); // no temporary file left behind

            // Hostile entries: each refused by name, nothing written where it pointed.
            Files.writeString(outside.resolve("victim"), "keep me\n");
            Files.createSymbolicLink(root.resolve("etc/planetlab/escape"), outside);
            Files.createSymbolicLink(root.resolve("etc/planetlab/victim"), outside.resolve("victim"));
            Map<String, Map<String, Object>> hostile = new LinkedHashMap<>();
            hostile.put("/etc/planetlab/../shadow", file("motd", "/etc/planetlab/../shadow", "0644", Map.of()));
            hostile.put("/etc/shadow", file("motd", "/etc/shadow", "0644", Map.of()));
            hostile.put("/etc/planetlab/escape/evil", file("motd", "/etc/planetlab/escape/evil", "0644", Map.of()));
            hostile.put("/etc/planetlab/victim", file("motd", "/etc/planetlab/victim", "0644", Map.of()));
            hostile.put("/etc/planetlab/setuid", file("motd", "/etc/planetlab/setuid", "4755", Map.of()));
            hostile.put("/etc/planetlab/everyone", file("motd", "/etc/planetlab/everyone", "0666", Map.of()));
            hostile.put("/etc/planetlab/shell", file("motd", "/etc/planetlab/shell", "0644",
                    Map.of("postinstall_cmd", "/usr/bin/touch " + ran + "; rm -rf /")));
            hostile.put("/etc/planetlab/stranger", fileOwnedBy("/etc/planetlab/stranger", "no-such-user-here"));
            hostile.put("/etc/planetlab/missing", file("not-there", "/etc/planetlab/missing", "0644", Map.of()));
            hostile.put("/etc/planetlab/traversing", file("../plc.properties", "/etc/planetlab/traversing", "0644", Map.of()));
            for (Map<String, Object> fields : hostile.values()) {
                operator.call("AddConfFileToNode", operator.call("AddConfFile", fields), nodeId);
            }
            // The original's error_cmd: run when the post-install command fails; the file stays installed
            // and the failure is reported.
            operator.call("AddConfFileToNode", operator.call("AddConfFile", file("motd", "/etc/planetlab/failing", "0644",
                    Map.of("postinstall_cmd", "/bin/false", "error_cmd", "/usr/bin/touch " + errorRan))), nodeId);
            // A failing pre-install command stops the install unless ignore_cmd_errors.
            operator.call("AddConfFileToNode", operator.call("AddConfFile", file("motd", "/etc/planetlab/guarded", "0644",
                    Map.of("preinstall_cmd", "/bin/false"))), nodeId);

            ConfFiles.Round round = confFiles.converge();
            assertThat(round.installed()).isEmpty();
            assertThat(round.unchanged()).containsExactly("/etc/planetlab/motd");
            for (String destination : hostile.keySet()) {
                assertThat(round.problems()).as(destination).anySatisfy(problem -> assertThat(problem)
                        .startsWith("conf file " + destination + " (conf_file_id"));
            }
            assertThat(round.problems()).anySatisfy(problem -> assertThat(problem)
                    .contains("/etc/planetlab/failing").contains("postinstall_cmd '/bin/false' exited with 1"));
            assertThat(round.problems()).anySatisfy(problem -> assertThat(problem)
                    .contains("/etc/planetlab/guarded").contains("preinstall_cmd").contains("not installed"));
            assertThat(round.problems()).hasSize(hostile.size() + 2);
            assertThat(errorRan).exists();
            assertThat(root.resolve("etc/planetlab/failing")).hasContent("welcome, again");
            assertThat(root.resolve("etc/planetlab/guarded")).doesNotExist();
            assertThat(root.resolve("etc/shadow")).doesNotExist();
            assertThat(root.resolve("etc/planetlab/shell")).doesNotExist();
            assertThat(root.resolve("etc/planetlab/setuid")).doesNotExist();
            assertThat(outside.resolve("evil")).doesNotExist();
            assertThat(outside.resolve("victim")).hasContent("keep me");
            assertThat(Files.isSymbolicLink(root.resolve("etc/planetlab/victim"))).isTrue();
            assertThat(Files.list(root.resolve("etc/planetlab")).map(path -> path.getFileName().toString()))
                    .containsExactlyInAnyOrder("motd", "failing", "escape", "victim");

            // The problems reach PLC with the heartbeat, where operators read them (pl node status).
            HeartbeatSender heartbeats = new HeartbeatSender(node, () -> new HeartbeatSender.AgentState("boot", "running", 0),
                    root, clock, "test-1");
            heartbeats.reportAlso(confFiles::problems);
            heartbeats.beat();
            testing.plc().monitoring().availability().tick();
            Map<String, Object> status = Registry.rows(tech.call("GetNodeStatus", List.of(nodeId))).getFirst();
            assertThat(Registry.struct(status.get("heartbeat")).get("errors")).asList()
                    .anySatisfy(error -> assertThat(error).asString().startsWith("conf file /etc/shadow (conf_file_id"))
                    .anySatisfy(error -> assertThat(error).asString().contains("/etc/planetlab/escape/evil"));
        }
    }

    @Test
    void aNodeReadsOnlyItsOwnFilesAndSourcesStayInsidePlcsDirectory() throws IOException {
        Clock clock = Clock.systemUTC();
        try (TestingPlc testing = TestingPlc.start(StoreKind.SQLITE, clock, new SignedNodeRequests(clock, true))) {
            PlcClient operator = testing.operator(PlcClient.Encoding.JSON);
            Registry registry = new Registry(operator);
            long siteId = registry.site("confs");
            PlcClient tech = operator.as(registry.person("tech@confs.org", "tech", siteId));
            long first = registry.node(siteId, "n1.confs.org", "127.0.0.1");
            long second = registry.node(siteId, "n2.confs.org", "127.0.0.1");
            PlnodeConfig plnode = PlnodeFile.parse((String) tech.call("GetNodeConfigFile", second));
            PlcClient secondNode = PlcConnection.signedByNode(testing.uri(), null, plnode, clock, new SecureRandom());
            Path sources = Files.createDirectories(testing.dataDir().resolve("conf-files"));
            Files.writeString(sources.resolve("secret"), "for the first node only\n");
            Object secret = operator.call("AddConfFile", file("secret", "/etc/planetlab/secret", "0600", Map.of()));
            operator.call("AddConfFileToNode", secret, first);

            assertThat(Registry.struct(operator.call("GetConfFileContent", secret)))
                    .containsEntry("sha256", sha256("for the first node only\n"));
            assertThatThrownBy(() -> secondNode.call("GetConfFileContent", secret)).isInstanceOfSatisfying(PlanetLabException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.PERMISSION_DENIED));

            Files.writeString(testing.dataDir().resolve("beside"), "not a configuration file\n");
            Files.createSymbolicLink(sources.resolve("link"), testing.dataDir().resolve("beside"));
            for (String source : List.of("../beside", "link", "/etc/passwd")) {
                Object id = operator.call("AddConfFile", file(source, "/etc/planetlab/x", "0644", Map.of()));
                assertThatThrownBy(() -> operator.call("GetConfFileContent", id)).as(source)
                        .isInstanceOfSatisfying(PlanetLabException.class,
                                e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
            }
        }
    }

    private Map<String, Object> file(String source, String destination, String mode, Map<String, Object> more) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("source", source);
        fields.put("dest", destination);
        fields.put("file_permissions", mode);
        fields.put("file_owner", owner);
        fields.put("file_group", group);
        fields.putAll(more);
        return fields;
    }

    private Map<String, Object> fileOwnedBy(String destination, String user) {
        Map<String, Object> fields = file("motd", destination, "0644", Map.of());
        fields.put("file_owner", user);
        return fields;
    }

    private static String sha256(String text) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
