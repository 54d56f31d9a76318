package org.planetlab.boot.manager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.planetlab.api.client.PlcClient;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.boot.debug.DebugSshService;
import org.planetlab.boot.medium.BootMedium;
import org.planetlab.plc.auth.SignedNodeRequests;
import org.planetlab.plc.testing.Registry;
import org.planetlab.plc.testing.StoreKind;
import org.planetlab.plc.testing.TestingPlc;
import org.planetlab.trust.node.NodeKey;
import org.planetlab.trust.node.PlnodeConfig;
import org.planetlab.trust.node.PlnodeFile;

/**
 * The boot manager against a real PLC over TLS, with node signatures and the source-address
 * check on: each boot state does what it says and PLC keeps the history; a wrong node key, a
 * wrong source address and a foreign boot server are refused with messages that say which.
 */
class BootManagerTest {
    /** The release's agent launcher: records its arguments, then runs until stopped. */
    private static final String LAUNCHER = """
            #!/bin/sh
            printf '%s\\n' "$@" > "$(dirname "$0")/../agent-arguments"
            exec sleep 600
            """;
    private static final Clock CLOCK = Clock.systemUTC();
    private static final SecureRandom RANDOM = new SecureRandom();

    private static TestingPlc testing;
    private static PlcClient operator;
    private static Registry registry;
    private static long siteId;
    private static KeyPair techKey;
    private static PlcClient tech;
    private static int nodes;

    @TempDir
    Path work;

    private final List<BootOutcome> outcomes = new ArrayList<>();

    @BeforeAll
    static void startPlc() throws Exception {
        testing = TestingPlc.startWithTls(StoreKind.SQLITE, CLOCK, new SignedNodeRequests(CLOCK, true));
        operator = testing.operator(PlcClient.Encoding.JSON);
        registry = new Registry(operator);
        siteId = registry.site("booting");
        tech = operator.as(registry.person("tech@booting.org", "tech", siteId));
        techKey = ecKey();
        operator.call("AddPersonKey", "tech@booting.org", Map.of("key_type", "ssh", "key",
                PublicKeyEntry.toString(techKey.getPublic())));
        operator.call("AddRelease", "agent", List.of(file(NodeDisk.AGENT_LAUNCHER, LAUNCHER),
                file(NodeDisk.AGENT_DEFAULTS, "boot-check-seconds = 30\n")));
    }

    @AfterAll
    static void stopPlc() {
        testing.close();
    }

    @AfterEach
    void stopWhatBooted() throws InterruptedException {
        for (BootOutcome outcome : outcomes) {
            outcome.agent().ifPresent(Process::destroyForcibly);
            outcome.debugSsh().ifPresent(DebugSshService::close);
        }
        for (BootOutcome outcome : outcomes) {
            if (outcome.agent().isPresent()) {
                outcome.agent().get().waitFor();
            }
        }
    }

    @Test
    void bootInstallsTheSignedReleaseCertifiesTheNodeAndStartsTheAgent() throws Exception {
        Node node = node();
        BootOutcome outcome = boot(node.manager(medium(), Optional.empty()));

        assertThat(outcome.runLevel()).isEqualTo("boot");
        assertThat(outcome.agent()).hasValueSatisfying(agent -> assertThat(agent.isAlive()).isTrue());
        NodeDisk disk = node.disk();
        assertThat(disk.installedRelease()).contains(1L);
        Path arguments = disk.root().resolve("agent-arguments");
        awaitFile(arguments);
        assertThat(Files.readAllLines(arguments)).containsExactly("--config", disk.agentConfig().toString());
        assertThat(Files.readString(disk.agentConfig()))
                .contains("boot-check-seconds = 30")
                .contains("plnode-file = " + node.plnodeFile())
                .contains("plc-url = " + testing.uri())
                .contains("node-address = 127.0.0.1")
                .contains("uid-base = 2000000");
        assertThat(disk.state().resolve("boot").resolve("node-cert.xml")).isRegularFile();
        assertThat(history(node.id())).first().satisfies(entry -> {
            assertThat(entry.get("event")).isEqualTo("boot");
            assertThat(entry.get("source")).isEqualTo("127.0.0.1");
            assertThat((String) entry.get("message")).contains("release 1 installed");
        });
    }

    @Test
    void safebootStartsOnlyTheDebugSshServiceForTheSitesTech() throws Exception {
        Node node = node();
        operator.call("UpdateNode", node.id(), Map.of("boot_state", "safeboot"));

        BootOutcome outcome = boot(node.manager(medium(), Optional.empty()));

        assertThat(outcome.runLevel()).isEqualTo("safeboot");
        assertThat(outcome.agent()).isEmpty();
        assertThat(node.disk().software()).doesNotExist();
        int port = outcome.debugSsh().orElseThrow().port();
        assertThat(ssh(port, techKey, "echo debug-$((40 + 2))")).isEqualTo("debug-42\n");
        assertThatThrownBy(() -> ssh(port, ecKey(), "true")).hasMessageContaining("No more authentication methods");
        assertThat(history(node.id())).first().satisfies(entry -> {
            assertThat(entry.get("event")).isEqualTo("safeboot");
            assertThat((String) entry.get("message")).contains("no node agent, no slivers");
        });
    }

    @Test
    void reinstallWipesTheNodeInstallsAgainAndMovesItToBoot() throws Exception {
        Node node = node();
        BootOutcome first = boot(node.manager(medium(), Optional.empty()));
        first.agent().orElseThrow().destroyForcibly().waitFor();
        Path sliver = Files.createDirectories(node.disk().state().resolve("slivers").resolve("booting_demo"));
        Files.writeString(node.disk().software().resolve("left-over"), "from the old install");
        operator.call("UpdateNode", node.id(), Map.of("boot_state", "reinstall"));

        BootOutcome outcome = boot(node.manager(medium(), Optional.empty()));

        assertThat(outcome.runLevel()).isEqualTo("boot");
        assertThat(sliver).doesNotExist();
        assertThat(node.disk().software().resolve("left-over")).doesNotExist();
        assertThat(node.disk().software().resolve(NodeDisk.AGENT_LAUNCHER)).isExecutable();
        assertThat(Registry.struct(((List<?>) operator.call("GetNodes", List.of(node.id()), List.of("boot_state"))).getFirst()))
                .containsEntry("boot_state", "boot");
        // Newest first; a new node starts in reinstall, so its first boot was a reinstall too.
        assertThat(history(node.id())).extracting(entry -> entry.get("event"))
                .containsExactly("boot", "installed", "reinstall", "boot", "installed", "reinstall");
    }

    @Test
    void disabledDoesNothingAndSaysSo() throws Exception {
        Node node = node();
        operator.call("UpdateNode", node.id(), Map.of("boot_state", "disabled"));

        BootOutcome outcome = boot(node.manager(medium(), Optional.empty()));

        assertThat(outcome.runLevel()).isEqualTo("disabled");
        assertThat(outcome.summary()).contains("does nothing");
        assertThat(outcome.agent()).isEmpty();
        assertThat(outcome.debugSsh()).isEmpty();
        assertThat(node.disk().software()).doesNotExist();
        assertThat(history(node.id())).extracting(entry -> entry.get("event")).containsExactly("disabled");
    }

    @Test
    void aWrongNodeKeyIsRefused() throws Exception {
        Node node = node();
        PlnodeConfig real = PlnodeFile.read(node.plnodeFile());
        PlnodeFile.write(node.plnodeFile(), new PlnodeConfig(real.ipMethod(), real.ipAddress(), real.hostname(), real.netDevice(),
                NodeKey.generate(RANDOM), real.nodeId(), real.extra()));

        assertThatThrownBy(() -> node.manager(medium(), Optional.empty()).boot())
                .isInstanceOfSatisfying(PlanetLabException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.AUTHENTICATION_FAILED))
                .hasMessageContaining("refused this node")
                .hasMessageContaining("plnode.txt is this node's current one");
        assertThat(node.disk().software()).doesNotExist();
        assertThat(history(node.id())).isEmpty();
    }

    @Test
    void aRequestFromAnotherAddressIsRefused() throws Exception {
        Node node = node();

        assertThatThrownBy(() -> node.manager(medium(), Optional.of(InetAddress.ofLiteral("127.0.0.2"))).boot())
                .isInstanceOfSatisfying(PlanetLabException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.AUTHENTICATION_FAILED))
                .hasMessageContaining("came from 127.0.0.2, but the node is registered at 127.0.0.1");
        assertThat(history(node.id())).isEmpty();
    }

    @Test
    void aForeignBootServerIsRefused() throws Exception {
        Node node = node();
        try (TestingPlc foreign = TestingPlc.startWithTls(StoreKind.SQLITE, CLOCK, new SignedNodeRequests(CLOCK, true))) {
            // The medium names the foreign server but pins our PLC's CA, as a tampered DNS would.
            Path directory = work.resolve("foreign-medium");
            BootMedium ours = medium();
            BootMedium medium = BootMedium.write(directory, foreign.uri(), ours.tlsCa(), ours.trustRoots());

            assertThatThrownBy(() -> node.manager(medium, Optional.empty()).boot())
                    .isInstanceOfSatisfying(PlanetLabException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.AUTHENTICATION_FAILED))
                    .hasMessageContaining("is not PLC: its TLS certificate does not chain to the certificate authority on the boot medium");
        }
        assertThat(node.disk().software()).doesNotExist();
    }

    @Test
    void aMediumHoldingAPlnodeFileIsRefused() throws Exception {
        BootMedium medium = medium();
        Files.writeString(medium.directory().resolve("plnode.txt"), "NODE_ID = \"1\"\n");

        assertThatThrownBy(() -> BootMedium.read(medium.directory())).hasMessageContaining("must hold nothing node-specific");
    }

    private BootOutcome boot(BootManager manager) {
        BootOutcome outcome = manager.boot();
        outcomes.add(outcome);
        return outcome;
    }

    private BootMedium medium() {
        return BootMedium.write(work.resolve("medium"), testing.uri(), testing.plc().trust().tlsCaCertificate(),
                testing.plc().trust().directory().resolve("roots"));
    }

    /** A new node at the site, its plnode.txt from the tech (with an agent setting), its own disk. */
    private Node node() {
        nodes++;
        long nodeId = registry.node(siteId, "n" + nodes + ".booting.org", "127.0.0.1");
        String text = (String) tech.call("GenerateNodeConfFile", nodeId, false);
        Path plnodeFile = work.resolve("plnode.txt");
        PlnodeFile.write(plnodeFile, PlnodeFile.parse(text + "AGENT_UID_BASE = \"2000000\"\n"));
        return new Node(nodeId, plnodeFile, new NodeDisk(work.resolve("disk")));
    }

    private static List<Map<String, Object>> history(long nodeId) {
        return Registry.rows(tech.call("GetNodeBootHistory", nodeId));
    }

    private static String ssh(int port, KeyPair key, String command) throws Exception {
        try (SshClient client = SshClient.setUpDefaultClient()) {
            client.setServerKeyVerifier((session, address, serverKey) -> true);
            client.start();
            try (ClientSession session = client.connect(DebugSshService.USER, "127.0.0.1", port)
                    .verify(Duration.ofSeconds(10)).getSession()) {
                session.addPublicKeyIdentity(key);
                session.auth().verify(Duration.ofSeconds(10));
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                session.executeRemoteCommand(command, out, new ByteArrayOutputStream(), StandardCharsets.UTF_8);
                return out.toString(StandardCharsets.UTF_8);
            }
        }
    }

    private static KeyPair ecKey() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private static void awaitFile(Path file) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!Files.exists(file) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    private static Map<String, Object> file(String name, String content) {
        return Map.of("name", name, "content", Base64.getEncoder().encodeToString(content.getBytes(StandardCharsets.UTF_8)));
    }

    private record Node(long id, Path plnodeFile, NodeDisk disk) {
        BootManager manager(BootMedium medium, Optional<InetAddress> source) {
            return new BootManager(medium, plnodeFile, disk, source, 0, AgentStarter.PROCESS, CLOCK, RANDOM);
        }
    }
}
