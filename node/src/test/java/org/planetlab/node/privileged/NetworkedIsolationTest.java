package org.planetlab.node.privileged;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.planetlab.node.NodeAgentMain;
import org.planetlab.node.host.HostCommand;
import org.planetlab.node.owner.LinuxOwnerControls;

/**
 * Privileged: isolation probes that need real traffic, with the shipped sliver network
 * ({@code LinuxSliverNetwork}) in a node namespace whose uplink reaches an "internet" namespace
 * (10.254.0.0/24, nothing connected to the machine's own network).
 */
class NetworkedIsolationTest {
    private static final HostCommand HOST = HostCommand.onHost();
    private static final String ATTACKER = "net_attacker";
    private static final String VICTIM = "net_victim";
    private static String tag;
    private static TestingNodeAgent node;

    @BeforeAll
    static void startNode() {
        Privileged.assumeCapable();
        byte[] random = new byte[3];
        new SecureRandom().nextBytes(random);
        tag = "plni" + HexFormat.of().formatHex(random);
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
                    "spare-slots", "2"), NodeAgentMain::linuxNetwork, NodeAgentMain::nodeCommand);
            node.createSliver(ATTACKER);
            node.createSliver(VICTIM);
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
    void trafficIsIsolatedAndOnlyTheOwnerMayWatchIt() throws Exception {
        assertThat(victimSends("first-payload")).contains("first-payload");

        Map<String, Boolean> probes = new LinkedHashMap<>();
        probes.put("capture on its interface (packet socket)", failed("arping -c 1 -w 1 -I eth0 10.254.0.2"));
        probes.put("capture with a raw IP socket", failed("traceroute -m 1 -w 1 10.254.0.2"));
        probes.put("see the neighbour's connections", seesNoVictimConnection());
        probes.put("take the neighbour's or another address (spoofing)", failed("ip addr add 10.254.0.2/32 dev eth0"));
        probes.put("change its route to reach the node's own network", failed("ip route add 10.254.0.0/24 dev eth0"));
        probes.put("send with a forged source through a raw socket", failed("ping -c 1 -W 1 -I 10.254.0.2 10.254.0.2"));
        probes.put("bring down the node side", failed("ip link set eth0 down"));
        long denied = probes.values().stream().filter(Boolean::booleanValue).count();
        System.out.println("network probes: " + denied + "/" + probes.size() + " denied");
        assertThat(probes).allSatisfy((name, wasDenied) -> assertThat(wasDenied).as(name).isTrue());

        LinuxOwnerControls owner = new LinuxOwnerControls(node.agent.runtime().networkHandle(VICTIM).isPresent()
                ? NodeAgentMain.linuxNetwork(node.config) : null, node.agent.runtime(), NodeAgentMain.nodeCommand(node.config));
        CompletableFuture<List<String>> capture = CompletableFuture.supplyAsync(() -> owner.captureTraffic(VICTIM, 4, Duration.ofSeconds(8)));
        String received = "";
        for (int attempt = 0; attempt < 5 && !capture.isDone(); attempt++) {
            received = victimSends("watched-payload-" + attempt);
        }
        assertThat(received).contains("watched-payload");
        assertThat(capture.get(20, TimeUnit.SECONDS)).as("the owner's capture of the victim's traffic").anyMatch(line -> line.contains("10.254.0.2"));
    }

    private static boolean failed(String command) {
        return node.sh(ATTACKER, command).exitCode() != 0;
    }

    private static boolean seesNoVictimConnection() throws IOException {
        return !node.sh(ATTACKER, "cat /proc/net/tcp").output().contains(":1F90");
    }

    /** The victim sends a line to a one-shot TCP listener in the internet namespace; returns what it received. */
    private static String victimSends(String payload) throws IOException, InterruptedException {
        Process listener = new ProcessBuilder("nsenter", "--net=/run/netns/" + tag + "-inet", "timeout", "5", "busybox", "nc", "-l", "-p", "8080")
                .redirectErrorStream(true).start();
        try {
            for (int attempt = 0; attempt < 50; attempt++) {
                TestingNodeAgent.Result sent = node.sh(VICTIM, "echo " + payload + " | nc -w 2 10.254.0.2 8080");
                if (sent.exitCode() == 0) {
                    break;
                }
            }
            listener.waitFor(10, TimeUnit.SECONDS);
            return new String(listener.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } finally {
            listener.destroyForcibly();
        }
    }
}
