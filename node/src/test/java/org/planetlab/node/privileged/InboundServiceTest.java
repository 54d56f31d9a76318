package org.planetlab.node.privileged;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.planetlab.api.rspec.RspecAttribute;
import org.planetlab.node.NodeAgentMain;
import org.planetlab.node.host.HostCommand;
import org.planetlab.node.manager.Caller;
import org.planetlab.node.net.ports.PortHold;
import org.planetlab.node.net.ports.PortKey;
import org.planetlab.node.net.ports.PortedSliverNetwork;
import org.planetlab.node.net.shaping.Eventually;

/**
 * Privileged: a real agent with the shipped network and real slivers. A slice reserves a port at
 * PLC (its RSpec's {@code tcp_ports}), serves HTTP there with BusyBox's httpd, and an "internet"
 * namespace fetches the page from the node's address; another slice's httpd on the same port fails
 * with "Address already in use"; the reservation outlives an agent restart; destroying the slice
 * frees the port for the other.
 */
@Privileged
class InboundServiceTest {
    private static final HostCommand HOST = HostCommand.onHost();
    private static final String WEB = "in_web";
    private static final String OTHER = "in_other";
    private static final Duration SOON = Duration.ofSeconds(15);
    private static String tag;
    private static TestingNodeAgent node;
    private static PortedSliverNetwork network;

    @BeforeAll
    static void startNode() {
        byte[] random = new byte[3];
        new SecureRandom().nextBytes(random);
        tag = "plin" + HexFormat.of().formatHex(random);
        try {
            HOST.run(List.of("ip", "netns", "add", tag + "-node"));
            HOST.run(List.of("ip", "netns", "add", tag + "-inet"));
            HOST.run(List.of("ip", "link", "add", "up0", "netns", tag + "-node", "type", "veth", "peer", "name", "eth0", "netns", tag + "-inet"));
            HOST.runWithInput(List.of("ip", "-n", tag + "-node", "-batch", "-"), "link set lo up\naddr add 10.254.0.1/24 dev up0\nlink set up0 up\n");
            HOST.runWithInput(List.of("ip", "-n", tag + "-inet", "-batch", "-"), "link set lo up\naddr add 10.254.0.2/24 dev eth0\nlink set eth0 up\n");
            node = TestingNodeAgent.start(Map.of(
                    "namespace-prefix", tag + "-s",
                    "uplink-device", "up0",
                    "node-namespace", "/run/netns/" + tag + "-node",
                    "node-address", "10.254.0.1",
                    "spare-slots", "2"),
                    config -> network = NodeAgentMain.portedNetwork(config, NodeAgentMain.linuxNetwork(config)),
                    NodeAgentMain::nodeCommand);
        } catch (RuntimeException e) {
            removeNode();
            throw e;
        }
    }

    @AfterAll
    static void removeNode() {
        try {
            if (node != null) {
                node.close();
            }
        } finally {
            for (String namespace : List.of(tag + "-node", tag + "-inet")) {
                HOST.runAllowingFailure(List.of("ip", "netns", "del", namespace), null);
            }
        }
    }

    @Test
    void aReservedPortServesTheInternetIsRefusedToOthersOutlivesARestartAndIsFreedWithTheSlice() throws Exception {
        node.createSliver(WEB, Map.of(RspecAttribute.TCP_PORTS, "8080"));
        node.createSliver(OTHER);
        assertThat(network.ports().holds()).containsExactly(new PortHold(PortKey.tcp(8080), WEB, PortHold.Basis.RESERVED));

        TestingNodeAgent.Result served = node.sh(WEB, "mkdir -p /tmp/www && echo hello-from-web > /tmp/www/index.html"
                + " && httpd -p 8080 -h /tmp/www");
        assertThat(served.exitCode()).as(served.output()).isZero();
        assertThat(fetch(8080)).isEqualTo("hello-from-web");

        TestingNodeAgent.Result refused = node.sh(OTHER, "httpd -f -p 8080 -h /tmp");
        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.output()).contains("Address already in use");
        // A new sliver's view is written at the first scan after its directory appears.
        Eventually.within(SOON, () -> assertThat(node.sh(WEB, "cat /.planetlab/ports").output()).contains("tcp 8080 reserved"));

        node.restart();
        assertThat(network.ports().holds()).containsExactly(new PortHold(PortKey.tcp(8080), WEB, PortHold.Basis.RESERVED));
        assertThat(fetch(8080)).as("the same server, reached after the agent's restart").isEqualTo("hello-from-web");
        assertThat(node.sh(OTHER, "httpd -f -p 8080 -h /tmp").output()).contains("Address already in use");

        node.agent.manager().destroyVm(Caller.HOST_ROOT, WEB);
        Eventually.within(SOON, () -> assertThat(network.ports().holds()).isEmpty());
        TestingNodeAgent.Result taken = node.sh(OTHER, "mkdir -p /tmp/www && echo hello-from-other > /tmp/www/index.html"
                + " && httpd -p 8080 -h /tmp/www");
        assertThat(taken.exitCode()).as(taken.output()).isZero();
        Eventually.within(SOON, () -> assertThat(network.ports().holds())
                .containsExactly(new PortHold(PortKey.tcp(8080), OTHER, PortHold.Basis.LISTENING)));
        assertThat(fetch(8080)).isEqualTo("hello-from-other");
        assertThat(Files.readString(node.config.stateDirectory().resolve("ports")))
                .contains("tcp 8080 " + OTHER + " listening");
    }

    /**
     * An agent closed in a JVM that starts another ends its port scan: left running, it took the
     * new agent's guards for listeners, gave their ports to the guarded slivers in its own stale
     * table and wrote that table over the new agent's.
     */
    @Test
    void anAgentClosedInProcessLeavesThePortTableToTheNextOne() throws Exception {
        String asker = "in_asker";
        String bystander = "in_bystander";
        node.createSliver(asker);
        node.createSliver(bystander);
        node.restart();
        PortHold asked = network.ports().request(asker, PortKey.udp(9100));
        // The bystander now has a guard on udp 9100; the old agent scanned once a second.
        Thread.sleep(2_500);
        node.restart();
        assertThat(network.ports().holds()).containsExactly(asked);
        assertThat(Files.readString(node.config.stateDirectory().resolve("ports"))).doesNotContain(bystander);

        node.agent.manager().destroyVm(Caller.HOST_ROOT, asker);
        node.agent.manager().destroyVm(Caller.HOST_ROOT, bystander);
        Eventually.within(SOON, () -> assertThat(network.ports().holds()).isEmpty());
    }

    private static String fetch(int port) {
        HostCommand.Result page = HOST.runAllowingFailure(List.of("nsenter", "--net=/run/netns/" + tag + "-inet",
                "curl", "-s", "-m", "5", "http://10.254.0.1:" + port + "/index.html"), null);
        return page.stdout().strip();
    }
}
