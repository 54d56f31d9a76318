package org.planetlab.node.privileged;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
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
import org.planetlab.node.net.ports.InboundPorts;
import org.planetlab.node.sliver.SliverLayout;

/**
 * Privileged: vsys in real slivers with the shipped network. A slice granted {@code usage} and
 * {@code pcap} finds them in {@code /vsys}, reads its own usage and captures its own traffic (and
 * none of its neighbour's, which sends at the same time); the neighbour, granted nothing, has no
 * endpoint and cannot make one; the endpoints serve again after an agent restart.
 */
@Privileged
class VsysSliverTest {
    private static final HostCommand HOST = HostCommand.onHost();
    private static final String MINE = "vs_mine";
    private static final String OTHER = "vs_other";
    private static final Duration SOON = Duration.ofSeconds(20);
    private static String tag;
    private static TestingNodeAgent node;

    @BeforeAll
    static void startNode() {
        byte[] random = new byte[3];
        new SecureRandom().nextBytes(random);
        tag = "plvs" + HexFormat.of().formatHex(random);
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
                    "spare-slots", "2",
                    "vsys-dir", TestingNodeAgent.IMAGE.resolveSibling("vsys-none").toString(),
                    "vsys-seconds", "10"),
                    config -> NodeAgentMain.portedNetwork(config, NodeAgentMain.linuxNetwork(config)),
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
    void aGrantedSliceUsesItsHelpersTheOtherHasNoneAndACaptureHoldsOnlyItsOwnPackets() throws Exception {
        node.createSliver(MINE, Map.of(RspecAttribute.VSYS, "usage,pcap"));
        node.createSliver(OTHER);

        // The endpoints follow the sliver's creation (an event the agent delivers once the create has answered).
        await("the endpoints appear").atMost(SOON).until(() -> node.sh(MINE, "ls /vsys").output().lines().toList()
                .equals(List.of("pcap.in", "pcap.out", "usage.in", "usage.out")));
        assertThat(node.sh(MINE, "echo > /vsys/usage.in; cat /vsys/usage.out").output()).contains("cpu_ns ", "processes ");

        assertThat(node.sh(OTHER, "ls /vsys").output()).isBlank();
        TestingNodeAgent.Result refused = node.sh(OTHER, "echo > /vsys/usage.in");
        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.output()).contains("Read-only file system");
        assertThat(node.sh(MINE, "touch /vsys/evil.in; ln -s /etc/passwd /vsys/usage.x").output()).contains("Read-only file system");

        String mineAddress = node.agent.runtime().networkHandle(MINE).orElseThrow().sliverAddress().getHostAddress();
        String otherAddress = node.agent.runtime().networkHandle(OTHER).orElseThrow().sliverAddress().getHostAddress();
        String device = node.agent.runtime().networkHandle(MINE).orElseThrow().hostDevice();
        node.sh(MINE, "(echo 12 8 > /vsys/pcap.in; cat /vsys/pcap.out > /tmp/own.pcap.part; mv /tmp/own.pcap.part /tmp/own.pcap)"
                + " </dev/null >/dev/null 2>&1 &");
        await("the capture runs").atMost(SOON).until(() -> HOST.runAllowingFailure(List.of("pgrep", "-f", "tcpdump -i " + device + " "),
                null).exitCode() == 0);
        node.sh(OTHER, "ping -c 4 -i 0.2 10.254.0.2 >/dev/null 2>&1; true");
        node.sh(MINE, "ping -c 6 -i 0.2 10.254.0.2 >/dev/null 2>&1; true");

        Path capture = new SliverLayout(node.config).disk(MINE).resolve("upper/tmp/own.pcap");
        await("the capture ends").atMost(SOON).until(() -> Files.exists(capture));
        String packets = HOST.run(List.of("tcpdump", "-nn", "-r", capture.toString()));
        List<String> ip = packets.lines().filter(line -> line.contains(" IP ")).toList();
        assertThat(ip).as(packets).hasSizeGreaterThanOrEqualTo(6).allMatch(line -> line.contains(mineAddress));
        assertThat(packets).as("none of the neighbour's packets").doesNotContain(otherAddress);

        node.restart();
        await("the endpoints serve again after a restart").atMost(SOON)
                .until(() -> node.sh(MINE, "echo > /vsys/usage.in; cat /vsys/usage.out").output().contains("cpu_ns "));
        assertThat(node.sh(OTHER, "ls /vsys").output()).isBlank();

        node.agent.manager().destroyVm(Caller.HOST_ROOT, MINE);
        await("the endpoints go with the sliver").atMost(SOON)
                .until(() -> !Files.exists(new SliverLayout(node.config).planetlab(MINE).resolve("vsys")));
    }

    @Test
    void thePortHelperReservesThroughThePortTableOnItsTermsAndStaysBounded() {
        String first = "vs_port_a";
        String second = "vs_port_b";
        node.createSliver(first, Map.of(RspecAttribute.VSYS, "port"));
        node.createSliver(second, Map.of(RspecAttribute.VSYS, "port"));
        for (String sliver : List.of(first, second)) {
            await("the port endpoints appear").atMost(SOON).until(() -> node.sh(sliver, "ls /vsys").output().contains("port.in"));
        }
        assertThat(port(first, "tcp 8080")).isEqualTo("tcp 8080 requested\n");
        assertThat(node.sh(first, "cat /.planetlab/ports").output()).contains("tcp 8080 requested");
        assertThat(port(second, "tcp 8080")).contains("vsys: error: tcp 8080 is refused: held by slice " + first);
        assertThat(port(first, "tcp 80")).contains("vsys: error: tcp 80 is refused: below 1024: needs privileged_ports = 1");
        for (String garbage : List.of("tcp 8080; reboot", "tcp 70000", "tcp -o 1", "release", "$(id)")) {
            assertThat(port(first, garbage)).as(garbage).startsWith("vsys: error: port takes 'tcp PORT'");
        }
        assertThat(port(second, "release tcp 8080")).contains("vsys: error: tcp 8080 is not a port this slice asked for");
        assertThat(port(first, "release tcp 8080")).isEqualTo("tcp 8080 released\n");
        assertThat(port(second, "udp 8080")).isEqualTo("udp 8080 requested\n");
        assertThat(port(second, "tcp 8080")).isEqualTo("tcp 8080 requested\n");

        String flood = node.sh(first, "for p in $(seq 9001 9017); do echo udp $p > /vsys/port.in; cat /vsys/port.out; done").output();
        assertThat(flood.lines().filter(line -> line.endsWith(" requested"))).as(flood).hasSize(InboundPorts.MAX_REQUESTED);
        assertThat(flood).contains("vsys: error: slice " + first + " already holds " + InboundPorts.MAX_REQUESTED);
        assertThat(port(first, "list").lines()).hasSize(InboundPorts.MAX_REQUESTED);

        node.agent.manager().destroyVm(Caller.HOST_ROOT, first);
        node.agent.manager().destroyVm(Caller.HOST_ROOT, second);
    }

    private static String port(String sliver, String request) {
        return node.sh(sliver, "echo '" + request.replace("'", "") + "' > /vsys/port.in; cat /vsys/port.out").output();
    }
}
