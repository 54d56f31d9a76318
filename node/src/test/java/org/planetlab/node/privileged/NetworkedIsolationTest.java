package org.planetlab.node.privileged;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.planetlab.node.NodeAgentMain;
import org.planetlab.node.host.HostCommand;
import org.planetlab.node.net.slots.LinuxSliverNetwork;
import org.planetlab.node.owner.LinuxOwnerControls;
import org.planetlab.node.sliver.ExecRequest;
import org.planetlab.node.state.SliceNames;

/**
 * Privileged: isolation probes that need real traffic, with the shipped sliver network
 * ({@code LinuxSliverNetwork}) in a node namespace whose uplink reaches an "internet" namespace
 * (10.254.0.0/24, nothing connected to the machine's own network). Sliver root holds raw and
 * packet sockets in its own network namespace (2003 §3.2): the probes check that they see only
 * the sliver's own traffic and that nothing forged with them leaves the node. Prints "N/N
 * network probes denied".
 */
@Privileged
class NetworkedIsolationTest {
    private static final HostCommand HOST = HostCommand.onHost();
    private static final String ATTACKER = "net_attacker";
    private static final String VICTIM = "net_victim";
    private static final String INTERNET = "10.254.0.2";
    private static final Pattern PACKETS = Pattern.compile("\"packets\":\\s*(\\d+)");
    private static String tag;
    private static TestingNodeAgent node;
    private static LinuxSliverNetwork network;
    private static String attackerAddress;
    private static String victimAddress;

    @BeforeAll
    static void startNode() {
        RawProbe.binary();
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
                    "spare-slots", "2"), config -> network = NodeAgentMain.linuxNetwork(config), NodeAgentMain::nodeCommand);
            node.createSliver(ATTACKER);
            node.createSliver(VICTIM);
            for (String sliver : List.of(ATTACKER, VICTIM, SliceNames.OWNER_VM)) {
                RawProbe.install(node, sliver);
            }
            attackerAddress = address(ATTACKER);
            victimAddress = address(VICTIM);
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
    void rawSocketsSeeOnlyTheSliversOwnTrafficAndForgedPacketsNeverLeave() throws Exception {
        assertThat(victimSends("first-payload")).contains("first-payload");
        long spoofedBefore = nodeCounter("spoofed");

        Capture attackerCapture = Capture.inSliver(ATTACKER, "capture", "6", "500");
        Capture victimCapture = Capture.inSliver(VICTIM, "capture", "6", "500", "eth0");
        Capture internetCapture = Capture.inInternet("capture", "7", "500", "eth0");
        assertThat(rawProbe(ATTACKER, "send-ip", attackerAddress, INTERNET, "9999", "3", "attacker-own-marker"))
                .as("sliver root sends well-formed packets through a raw IP socket").isZero();
        assertThat(rawProbe(VICTIM, "send-ip", victimAddress, INTERNET, "9999", "3", "victim-own-marker")).isZero();
        int forgedNeighbour = rawProbe(ATTACKER, "send-ip", victimAddress, INTERNET, "9999", "5", "forged-as-neighbour");
        int forgedInternet = rawProbe(ATTACKER, "send-ip", INTERNET, INTERNET, "9999", "5", "forged-as-destination");
        rawProbe(ATTACKER, "send-ip", attackerAddress, victimAddress, "9999", "3", "to-neighbour-marker");
        int addressTaken = node.sh(ATTACKER, "ip addr add 10.99.99.99/32 dev eth0").exitCode();
        int forgedFrame = rawProbe(ATTACKER, "send-frame", "eth0", "10.99.99.99", INTERNET, "9999", "5", "forged-frame");

        List<String> attackerSaw = attackerCapture.lines();
        List<String> victimSaw = victimCapture.lines();
        List<String> internetSaw = internetCapture.lines();
        long spoofedDropped = nodeCounter("spoofed") - spoofedBefore;

        assertThat(attackerSaw).as("a sliver's packet socket sees its own traffic").anyMatch(line -> line.contains("attacker-own-marker"));
        assertThat(List.of(forgedNeighbour, forgedInternet, forgedFrame, addressTaken))
                .as("sliver root may send anything from its own namespace; the node decides what leaves").containsOnly(0);
        assertThat(internetSaw).as("well-formed raw packets leave with the node's address")
                .anyMatch(line -> line.contains("10.254.0.1 > 10.254.0.2") && line.contains("attacker-own-marker"));

        Map<String, Boolean> probes = new LinkedHashMap<>();
        // The attacker's own forgeries and its packets to the neighbour carry the neighbour's address too.
        probes.put("capture the neighbour's packets with a packet socket", attackerSaw.stream()
                .filter(line -> !line.contains("forged") && !line.contains("to-neighbour-marker"))
                .noneMatch(line -> line.contains("victim-own-marker") || line.contains(victimAddress)));
        probes.put("send with the neighbour's source address through a raw IP socket",
                internetSaw.stream().noneMatch(line -> line.contains("forged-as-neighbour")));
        probes.put("send with a made-up source through a raw IP socket",
                internetSaw.stream().noneMatch(line -> line.contains("forged-as-destination")));
        probes.put("send a forged Ethernet frame through a packet socket",
                internetSaw.stream().noneMatch(line -> line.contains("forged-frame")));
        probes.put("every forged packet is counted as dropped by the node", spoofedDropped >= 15);
        probes.put("reach the neighbour's address directly",
                victimSaw.stream().noneMatch(line -> line.contains("to-neighbour-marker")));
        probes.put("see the neighbour's connections", seesNoVictimConnection());
        probes.put("see the node's devices", !node.sh(ATTACKER, "ip -o link").output().contains("up0"));
        long denied = probes.values().stream().filter(Boolean::booleanValue).count();
        System.out.println(denied + "/" + probes.size() + " network probes denied (spoofed packets dropped by the node: "
                + spoofedDropped + ")");
        assertThat(probes).allSatisfy((name, wasDenied) -> assertThat(wasDenied).as(name).isTrue());
    }

    @Test
    void theOwnerCapturesTheSliversItChooses() throws Exception {
        network.mirrorToOwner(List.of(VICTIM));
        try {
            Capture ownerCapture = Capture.inSliver(SliceNames.OWNER_VM, "capture", "5", "500", "mirror0");
            rawProbe(VICTIM, "send-ip", victimAddress, INTERNET, "9999", "3", "mirrored-marker");
            rawProbe(ATTACKER, "send-ip", attackerAddress, INTERNET, "9999", "3", "unmirrored-marker");
            List<String> ownerSaw = ownerCapture.lines();
            assertThat(ownerSaw).as("site_admin's packet socket on mirror0 sees the chosen sliver, with its own address")
                    .anyMatch(line -> line.contains(victimAddress + " > " + INTERNET) && line.contains("mirrored-marker"))
                    .noneMatch(line -> line.contains("unmirrored-marker"));
        } finally {
            network.mirrorToOwner(List.of());
        }

        LinuxOwnerControls owner = new LinuxOwnerControls(network, node.agent.runtime(), NodeAgentMain.nodeCommand(node.config));
        CompletableFuture<List<String>> capture = CompletableFuture.supplyAsync(() -> owner.captureTraffic(VICTIM, 4, Duration.ofSeconds(8)));
        String received = "";
        for (int attempt = 0; attempt < 5 && !capture.isDone(); attempt++) {
            received = victimSends("watched-payload-" + attempt);
        }
        assertThat(received).contains("watched-payload");
        assertThat(capture.get(20, TimeUnit.SECONDS)).as("the node-side capture of the victim's traffic").anyMatch(line -> line.contains(INTERNET));
    }

    private static int rawProbe(String sliver, String... arguments) {
        List<String> command = new ArrayList<>(List.of(RawProbe.IN_SLIVER));
        command.addAll(List.of(arguments));
        return node.run(sliver, ExecRequest.asRoot(command), null).exitCode();
    }

    private static String address(String sliver) {
        return node.agent.runtime().networkHandle(sliver).orElseThrow().sliverAddress().getHostAddress();
    }

    private static long nodeCounter(String name) {
        String json = NodeAgentMain.nodeCommand(node.config).run(List.of("nft", "-j", "list", "counter", "ip", "planetlab", name));
        Matcher packets = PACKETS.matcher(json);
        assertThat(packets.find()).as("counter %s in %s", name, json).isTrue();
        return Long.parseLong(packets.group(1));
    }

    private static boolean seesNoVictimConnection() {
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

    /** A raw-probe capture running in a sliver or in the internet namespace, ready once started. */
    private record Capture(Process process, BufferedReader output) {
        static Capture inSliver(String sliver, String... arguments) throws IOException {
            List<String> command = new ArrayList<>(List.of(RawProbe.IN_SLIVER));
            command.addAll(List.of(arguments));
            return started(node.agent.exec().builder(sliver, ExecRequest.asRoot(command)).redirectErrorStream(true).start());
        }

        static Capture inInternet(String... arguments) throws IOException {
            List<String> command = new ArrayList<>(List.of("nsenter", "--net=/run/netns/" + tag + "-inet", RawProbe.binary().toString()));
            command.addAll(List.of(arguments));
            return started(new ProcessBuilder(command).redirectErrorStream(true).start());
        }

        private static Capture started(Process process) throws IOException {
            BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String first = output.readLine();
            assertThat(first).as("the capture opened its packet socket").isEqualTo("capturing");
            return new Capture(process, output);
        }

        List<String> lines() throws IOException, InterruptedException {
            List<String> lines = output.lines().toList();
            assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).as("capture exit, output %s", lines).isZero();
            return lines;
        }
    }
}
