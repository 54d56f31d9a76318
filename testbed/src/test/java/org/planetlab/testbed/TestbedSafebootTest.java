package org.planetlab.testbed;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.planetlab.api.client.Credentials;
import org.planetlab.api.client.PlcClient;
import org.planetlab.node.host.HostCommand;
import org.planetlab.node.privileged.Privileged;

/**
 * A testbed node put in safeboot and power cycled comes up from its boot medium with only the
 * debug SSH service: the site's tech logs in as root, the demo slice does not (no agent, no
 * sliver); put back in boot and cycled again, its slivers return. Before, the demo user logs in
 * with the SSH command the portal shows, and the operator stops the demo slice everywhere from the
 * portal's console and sees a complaint made on the node's audit page there; last, the tech
 * registers the node anew in the portal and boots it from the downloaded plnode.txt.
 */
@Privileged
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TestbedSafebootTest {
    private static final Duration REBOOT = Duration.ofSeconds(120);

    @TempDir
    static Path dataDir;

    private static Testbed testbed;
    private static TestbedLayout layout;
    private static Testbed.Started started;

    @BeforeAll
    static void up() {
        testbed = new Testbed(Path.of("..").toAbsolutePath().normalize(), HostCommand.onHost());
        layout = new TestbedLayout(dataDir.resolve("testbed"), 1, "10.80.0", 18463, "plts");
        started = testbed.up(layout, new PrintWriter(System.out, true));
    }

    @AfterAll
    static void down() {
        if (testbed != null) {
            testbed.down(layout.dataDir(), layout.prefix(), new PrintWriter(System.out, true));
        }
    }

    @Test
    @Order(1)
    void aResearcherLogsIntoHerSliverWithTheSshCommandThePortalShows() {
        assertThat(new SshProbe(layout.demoDir().resolve("id_ed25519")).awaitLogins(TestbedSeed.SLICE,
                List.of(layout.nodes().getFirst().address()), REBOOT)).isTrue();
        try (PortalStories portal = new PortalStories(layout, started)) {
            portal.aResearcherLogsInWithTheShownSshCommand(layout.nodes().getFirst());
        }
    }

    /**
     * Before the safeboot story (which needs the demo sliver) and the tech's (which deletes the
     * node, and with it the slice's sliver): the story leaves the demo slice running.
     */
    @Test
    @Order(2)
    void anOperatorStopsTheDemoSliceEverywhereAndAComplaintFromTheNodesPageReachesTheConsole() {
        TestbedLayout.TestbedNode node = layout.nodes().getFirst();
        try (PortalStories portal = new PortalStories(layout, started)) {
            portal.anOperatorStopsTheSliceEverywhereAndSeesItStoppedOnTheNode(node, REBOOT);
            portal.aComplaintMadeOnTheNodesAuditPageAppearsInTheConsole(node, REBOOT);
        }
    }

    @Test
    @Order(3)
    void aNodeInSafebootRunsNoSliverAndLetsOnlyItsTechIn() throws Exception {
        PlcClient operator = started.operator();
        TestbedLayout.TestbedNode node = layout.nodes().getFirst();
        SshProbe demo = new SshProbe(layout.demoDir().resolve("id_ed25519"));
        assertThat(demo.awaitLogins(TestbedSeed.SLICE, List.of(node.address()), REBOOT)).isTrue();
        Path techKey = dataDir.resolve("tech_ed25519");
        HostCommand.onHost().run(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", techKey.toString()));
        PlcClient tech = operator.as(new Credentials.Password(TestbedSeed.TECH, started.passwords().get(TestbedSeed.TECH)));
        tech.call("AddPersonKey", TestbedSeed.TECH, Map.of("key_type", "ssh", "key",
                Files.readString(techKey.resolveSibling("tech_ed25519.pub"), StandardCharsets.UTF_8).strip()));
        SshProbe techSsh = new SshProbe(techKey);

        tech.call("UpdateNode", node.hostname(), Map.of("boot_state", "safeboot"));
        assertThat(operator.call("RebootNodeWithPCU", node.hostname())).isEqualTo(1L);

        Awaitility.await("the tech's debug SSH login").atMost(REBOOT).pollInterval(Duration.ofMillis(500))
                .until(() -> techSsh.run("root", node.address(), "echo safe-$((6 * 7))").stdout().contains("safe-42"));
        assertThat(demo.canLogIn(TestbedSeed.SLICE, node.address())).as("no sliver, no SSH gateway").isFalse();
        assertThat(demo.canLogIn("root", node.address())).as("the demo user is not the site's tech").isFalse();
        assertThat(processesOf(node)).as("the node's processes").noneMatch(command -> command.contains("NodeAgentMain"))
                .anyMatch(command -> command.contains("BootManagerMain"));
        Map<?, ?> latest = (Map<?, ?>) ((List<?>) operator.call("GetNodeBootHistory", node.hostname())).getFirst();
        assertThat(latest.get("event")).isEqualTo("safeboot");

        tech.call("UpdateNode", node.hostname(), Map.of("boot_state", "boot"));
        assertThat(operator.call("RebootNodeWithPCU", node.hostname())).isEqualTo(1L);
        Awaitility.await("the demo sliver back in boot").atMost(REBOOT).pollInterval(Duration.ofMillis(500))
                .until(() -> demo.canLogIn(TestbedSeed.SLICE, node.address()));
    }

    @Test
    @Order(4)
    void aTechRegistersTheNodeInThePortalAndItBootsFromTheDownloadedPlnodeFile() throws Exception {
        try (PortalStories portal = new PortalStories(layout, started)) {
            portal.aTechRegistersTheNodeAndBootsItFromTheDownloadedFile(layout.nodes().getFirst(), REBOOT);
        }
    }

    /** The command lines of the processes in the node's network namespace (its host). */
    private static List<String> processesOf(TestbedLayout.TestbedNode node) {
        String pids = HostCommand.onHost().run(List.of("ip", "netns", "pids", node.namespace()));
        return pids.lines().map(String::strip).filter(pid -> !pid.isEmpty()).map(pid -> {
            try {
                return Files.readString(Path.of("/proc", pid, "cmdline"), StandardCharsets.UTF_8).replace('\0', ' ');
            } catch (java.io.IOException e) {
                return "";
            }
        }).toList();
    }
}
