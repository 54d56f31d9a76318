package org.planetlab.node.privileged;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.planetlab.api.audit.FlowRecord;
import org.planetlab.api.rspec.Rspec;
import org.planetlab.node.NodeAgentMain;
import org.planetlab.node.audit.AuditSettings;
import org.planetlab.node.audit.AuditedSliverNetwork;
import org.planetlab.node.audit.FlowCapture;
import org.planetlab.node.audit.FlowQuery;
import org.planetlab.node.audit.FlowStore;
import org.planetlab.node.audit.SliverMark;
import org.planetlab.node.audit.page.AuditPage;
import org.planetlab.node.audit.page.NodeDescription;
import org.planetlab.node.audit.page.SliceContacts;
import org.planetlab.node.audit.setup.NodeAudit;
import org.planetlab.node.config.NodeAgentConfig;
import org.planetlab.node.config.NodeAgentConfigLoader;
import org.planetlab.node.host.HostCommand;
import org.planetlab.node.manager.Caller;
import org.planetlab.node.net.kernel.NetworkCommands;
import org.planetlab.node.net.kernel.NodeSockets;
import org.planetlab.node.net.SliverNetwork;
import org.planetlab.node.sliver.ExecRequest;
import org.planetlab.node.state.SliceNames;

/**
 * Privileged: flow auditing with the shipped sliver network. Two slivers send TCP, UDP, ICMP and
 * raw-socket traffic to an "internet" namespace (which answers nothing on the UDP ports used, so
 * their flows stay open until cut); every flow found by (remote address, time) in the node's store
 * must name the sliver that sent it. Prints "N/N flows attributed".
 */
@Privileged
class AuditCaptureTest {
    private static final HostCommand HOST = HostCommand.onHost();
    private static final String ALPHA = "au_alpha";
    private static final String BETA = "au_beta";
    private static final Map<String, Integer> SLICE_IDS = Map.of(ALPHA, 101, BETA, 202, SliceNames.OWNER_VM, 1);
    private static final String INTERNET = "10.254.0.2";
    /** The agent's default scs-slice: PLC's own slice creation service. */
    private static final String PLC_SERVICE = "plc.scs";
    private static String tag;
    private static TestingNodeAgent node;
    private static Path auditDirectory;
    private static FlowCapture capture;
    private static FlowStore store;

    @BeforeAll
    static void startNode() {
        RawProbe.binary();
        byte[] random = new byte[3];
        new SecureRandom().nextBytes(random);
        tag = "plau" + HexFormat.of().formatHex(random);
        auditDirectory = Path.of("").toAbsolutePath().resolve("target/audit-" + tag);
        try {
            HOST.run(List.of("ip", "netns", "add", tag + "-node"));
            HOST.run(List.of("ip", "netns", "add", tag + "-inet"));
            HOST.run(List.of("ip", "link", "add", "up0", "netns", tag + "-node", "type", "veth", "peer", "name", "eth0", "netns", tag + "-inet"));
            HOST.runWithInput(List.of("ip", "-n", tag + "-node", "-batch", "-"), "link set lo up\naddr add 10.254.0.1/24 dev up0\nlink set up0 up\n");
            HOST.runWithInput(List.of("ip", "-n", tag + "-inet", "-batch", "-"), "link set lo up\naddr add 10.254.0.2/24 dev eth0\nlink set eth0 up\n");
            // Silence on the UDP test ports: the flows stay open (no port unreachable) until cut.
            HOST.runWithInput(List.of("nsenter", "--net=/run/netns/" + tag + "-inet", "nft", "-f", "-"),
                    "table ip quiet {\n chain input {\n type filter hook input priority 0; udp dport 7000-9999 drop;\n }\n}\n");
            node = TestingNodeAgent.start(Map.of(
                    "namespace-prefix", tag + "-s",
                    "uplink-device", "up0",
                    "node-namespace", "/run/netns/" + tag + "-node",
                    "node-address", "10.254.0.1",
                    "spare-slots", "2"), AuditCaptureTest::auditedNetwork, NodeAgentMain::nodeCommand);
            node.createSliver(ALPHA);
            node.createSliver(BETA);
            RawProbe.install(node, ALPHA);
            RawProbe.install(node, BETA);
        } catch (RuntimeException e) {
            removeNode();
            throw e;
        }
    }

    /** The real network, audited, with a capture of its own at every agent start (as after a restart). */
    private static AuditedSliverNetwork auditedNetwork(NodeAgentConfig config) {
        AuditSettings settings = AuditSettings.read(Map.of("node-id", "7", "public-address", "10.254.0.1",
                "audit-dir", auditDirectory.toString(), "active-timeout-seconds", "3600", "drop-flush-seconds", "3600",
                "table", "planetlab_audit"));
        store = new FlowStore(settings.directory().resolve("flows"), Clock.systemUTC(), settings.retention(), settings.budgetBytes());
        capture = new FlowCapture(settings, NodeAgentMain.nodeCommand(config), store, Clock.systemUTC());
        capture.useNetlink(new NodeSockets(new NetworkCommands(NodeAgentMain.nodeCommand(config)),
                config.network().getOrDefault("node-namespace", "")));
        return new AuditedSliverNetwork(NodeAgentMain.portedNetwork(config, NodeAgentMain.linuxNetwork(config)), capture,
                sliver -> SLICE_IDS.containsKey(sliver) ? OptionalInt.of(SLICE_IDS.get(sliver)) : OptionalInt.empty(), PLC_SERVICE);
    }

    @AfterAll
    static void removeNode() {
        try {
            if (node != null) {
                node.close();
            }
        } finally {
            if (store != null) {
                store.close();
            }
            for (String namespace : List.of(tag + "-node", tag + "-inet")) {
                HOST.runAllowingFailure(List.of("ip", "netns", "del", namespace), null);
            }
            TestingNodeAgent.deleteTree(auditDirectory);
        }
    }

    /** What one sliver sent and how the store must show it. */
    private record Sent(String sliver, int protocol, int port, long bytesPerPacket, boolean dropped) {
        boolean matches(FlowRecord record) {
            return record.protocol() == protocol && record.dropped() == dropped
                    && (port < 0 || record.remotePort() == port)
                    && (bytesPerPacket < 0 || record.bytesOut() == bytesPerPacket * record.packetsOut());
        }
    }

    @Test
    void everyFlowNamesTheSliverThatSentItAndForgeriesAreRecordedAgainstTheForger() {
        long from = System.currentTimeMillis() - 1000;
        String alphaAddress = address(ALPHA);
        String betaAddress = address(BETA);
        Map<String, SliverMark> marks = capture.attached();
        List<Sent> sent = new ArrayList<>();
        int index = 0;
        for (String sliver : List.of(ALPHA, BETA)) {
            index++;
            String own = sliver.equals(ALPHA) ? alphaAddress : betaAddress;
            String neighbour = sliver.equals(ALPHA) ? betaAddress : alphaAddress;
            String neighbourMark = Integer.toUnsignedString(marks.get(sliver.equals(ALPHA) ? BETA : ALPHA).mark());
            node.sh(sliver, "nc -w 1 " + INTERNET + " " + (7000 + index) + " </dev/null");
            sent.add(new Sent(sliver, 6, 7000 + index, -1, false));
            node.sh(sliver, "timeout 2 tftp -g -r x -l /dev/null " + INTERNET + " " + (7100 + index));
            sent.add(new Sent(sliver, 17, 7100 + index, -1, false));
            int size = 100 * index;
            node.sh(sliver, "ping -c 2 -s " + size + " " + INTERNET);
            sent.add(new Sent(sliver, 1, 8 * 256, size + 28, false));
            rawProbe(sliver, "send-ip", own, INTERNET, String.valueOf(7200 + index), "2", "raw-udp-" + sliver);
            sent.add(new Sent(sliver, 17, 7200 + index, -1, false));
            // Raw IP of an unassigned protocol, with DSCP set and the neighbour's audit mark on the socket.
            rawProbe(sliver, "send-proto", own, INTERNET, String.valueOf(250 + index), "184", neighbourMark, "3", "raw-ip-" + sliver);
            sent.add(new Sent(sliver, 250 + index, -1, 20 + ("raw-ip-" + sliver).length(), false));
            // A forgery: the neighbour's source address. The node drops it and records it as the forger's.
            rawProbe(sliver, "send-ip", neighbour, INTERNET, String.valueOf(7300 + index), "2", "forged-" + sliver);
            sent.add(new Sent(sliver, 17, 7300 + index, -1, true));
        }
        List<FlowRecord> found = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        List<String> problems;
        int attributed;
        do {
            capture.cut();
            found = store.query(new FlowQuery(INTERNET, from, System.currentTimeMillis() + 1000,
                    OptionalInt.empty(), OptionalInt.empty(), 10_000));
            problems = new ArrayList<>();
            attributed = 0;
            for (Sent flow : sent) {
                List<FlowRecord> matching = found.stream().filter(flow::matches).toList();
                if (matching.isEmpty()) {
                    problems.add("no record of " + flow);
                } else if (matching.stream().allMatch(record -> record.sliceName().equals(flow.sliver())
                        && record.sliceId() == SLICE_IDS.get(flow.sliver()))) {
                    attributed++;
                } else {
                    problems.add(flow + " attributed to " + matching.stream().map(FlowRecord::sliceName).toList());
                }
            }
            // The kernel hands logged drops over in batches, up to a second late.
            long forgedPackets = found.stream().filter(FlowRecord::dropped).mapToLong(FlowRecord::packetsOut).sum();
            if (forgedPackets != 4) {
                problems.add(forgedPackets + " of 4 forged packets recorded");
            }
        } while (!problems.isEmpty() && System.nanoTime() < deadline);
        System.out.println(attributed + "/" + sent.size() + " flows attributed");
        assertThat(problems).as("records: %s", found).isEmpty();
        assertThat(attributed).isEqualTo(sent.size());
        assertThat(found).as("no record of the test's traffic names another slice")
                .allSatisfy(record -> assertThat(record.sliceName()).isIn(ALPHA, BETA));
        List<FlowRecord> forged = found.stream().filter(record -> record.remotePort() == 7301).toList();
        assertThat(forged).as("the forger's own address, not the forged one").extracting(FlowRecord::sliverAddress)
                .containsOnly(alphaAddress);
        assertThat(forged.stream().mapToLong(FlowRecord::packetsOut).sum()).isEqualTo(2);
        FlowRecord udp = found.stream().filter(record -> record.remotePort() == 7101).findFirst().orElseThrow();
        assertThat(udp.publicAddress()).as("after NAT").isEqualTo("10.254.0.1");
        assertThat(udp.sliverAddress()).isEqualTo(alphaAddress);
        assertThat(pageNames(from, 7102)).as("the public page, asked as an outside administrator would").containsExactly(BETA);
    }

    /** The slices the node's audit page names for traffic to the internet namespace on {@code port} since {@code from}. */
    private static List<String> pageNames(long from, int port) {
        try (AuditPage page = new AuditPage(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                new NodeDescription("node.example.org", "", ""), store, Duration.ofDays(7), SliceContacts.none(),
                (flow, name, email, text) -> 1, 60, Clock.systemUTC())) {
            page.start();
            HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + page.port() + "/?remote=" + INTERNET + "&from=" + from / 1000 + "&to=" + (System.currentTimeMillis() / 1000 + 1)
                    + "&port=" + port)).header("Accept", "application/json").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            List<String> names = new ArrayList<>();
            new ObjectMapper().readTree(answer.body()).get("flows").forEach(flow -> names.add(flow.get("slice_name").asText()));
            return names;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The incidents report's low-volume case in bulk: hundreds of one-packet flows that end
     * together (their conntrack timeout shortened to a second, their ends announced in one burst
     * when a listing evicts them) must each leave exactly one record, the ends read before any cut.
     */
    @Test
    void everyOnePacketFlowIsRecordedWhenHundredsEndAtOnce() {
        long from = System.currentTimeMillis() - 1000;
        int flows = 1000;
        int firstPort = 20_000;
        String alphaAddress = address(ALPHA);
        List<String> namespace = List.of("nsenter", "--net=/run/netns/" + tag + "-node");
        String timeout = "net.netfilter.nf_conntrack_udp_timeout";
        String previous = HOST.run(concat(namespace, "sysctl", "-n", timeout)).strip();
        HOST.run(concat(namespace, "sysctl", "-q", "-w", timeout + "=1"));
        try {
            rawProbe(ALPHA, "send-ports", alphaAddress, INTERNET, String.valueOf(firstPort), String.valueOf(flows), "low");
            Map<Integer, List<FlowRecord>> byPort = new HashMap<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            do {
                // A listing evicts the connections whose timeout passed: their ends come in one burst.
                HOST.run(concat(namespace, "conntrack", "-L", "-p", "udp"));
                byPort.clear();
                store.query(new FlowQuery(INTERNET, from, System.currentTimeMillis() + 1000, OptionalInt.empty(),
                        OptionalInt.of(17), 10_000)).stream()
                        .filter(record -> record.remotePort() >= firstPort && record.remotePort() < firstPort + flows)
                        .forEach(record -> byPort.computeIfAbsent(record.remotePort(), port -> new ArrayList<>()).add(record));
            } while (byPort.size() < flows && System.nanoTime() < deadline);
            System.out.println(byPort.size() + "/" + flows + " one-packet flows recorded");
            assertThat(byPort).as("a record for every port").hasSize(flows);
            assertThat(byPort.values()).allSatisfy(records -> {
                assertThat(records).as("one record, of one packet, of the sender").singleElement().satisfies(record -> {
                    assertThat(record.packetsOut()).isEqualTo(1);
                    assertThat(record.sliceName()).isEqualTo(ALPHA);
                });
            });
        } finally {
            HOST.run(concat(namespace, "sysctl", "-q", "-w", timeout + "=" + previous));
        }
    }

    /**
     * Over a thousand flows of one to four packets (UDP from a raw socket, raw IP of 108 unassigned
     * protocols, 241 among them, and ICMP echoes) sent while cuts run every 200 ms: every flow's records
     * must add up to exactly the packets it sent, none missing and none twice. A zeroing dump
     * ({@code conntrack -L -z}) fails this: the kernel zeroes the counters of the connection that
     * does not fit in a dump message while writing it, and writes it again, zeroed, in the next.
     */
    @Test
    void fewPacketFlowsSentWhileCutsRunAreEachRecordedWithTheirExactPacketCounts() throws Exception {
        long from = System.currentTimeMillis() - 1000;
        String alphaAddress = address(ALPHA);
        int rounds = 4;
        int onePacketPorts = 300;
        int fewPacketPorts = 20;
        int firstPort = 8000;
        int pingSize = 333;
        Map<Integer, Long> udpSent = new HashMap<>();
        Map<Integer, Long> protocolSent = new HashMap<>();
        long pingsSent = 0;
        AtomicBoolean sending = new AtomicBoolean(true);
        AtomicInteger cuts = new AtomicInteger();
        Thread cutter = Thread.ofPlatform().name("test-cuts").start(() -> {
            while (sending.get()) {
                capture.cut();
                cuts.incrementAndGet();
                LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
            }
        });
        try {
            for (int round = 0; round < rounds; round++) {
                int roundPort = firstPort + round * (onePacketPorts + fewPacketPorts);
                StringBuilder script = new StringBuilder();
                script.append(RawProbe.IN_SLIVER).append(" send-ports ").append(alphaAddress).append(' ').append(INTERNET)
                        .append(' ').append(roundPort).append(' ').append(onePacketPorts).append(" cut-race && ");
                for (int port = roundPort; port < roundPort + onePacketPorts; port++) {
                    udpSent.put(port, 1L);
                }
                for (int index = 0; index < fewPacketPorts; index++) {
                    int port = roundPort + onePacketPorts + index;
                    int packets = 1 + (index + round) % 4;
                    udpSent.put(port, (long) packets);
                    script.append(RawProbe.IN_SLIVER).append(" send-ip ").append(alphaAddress).append(' ').append(INTERNET)
                            .append(' ').append(port).append(' ').append(packets).append(" cut-race && ");
                }
                // Raw IP: one connection per protocol, its packets spread over the rounds and the cuts between.
                // Connections of other sizes among the UDP ones, so dump messages fill up at varying points.
                // Not 251 and 252: the other sliver's raw IP of those, source-NATed to the same node
                // address, holds the only reply tuple a port-less protocol has to the same remote.
                for (int protocol = 143; protocol <= 250; protocol++) {
                    int packets = 1 + (protocol + round) % 4;
                    protocolSent.merge(protocol, (long) packets, Long::sum);
                    script.append(RawProbe.IN_SLIVER).append(" send-proto ").append(alphaAddress).append(' ').append(INTERNET)
                            .append(' ').append(protocol).append(" 0 0 ").append(packets).append(" cut-race && ");
                }
                // Few echoes, a second apart: the node's probe limits would drop a burst of them.
                int pings = 1 + round % 3;
                pingsSent += pings;
                script.append("ping -q -c ").append(pings).append(" -s ").append(pingSize).append(' ').append(INTERNET)
                        .append(" >/dev/null");
                TestingNodeAgent.Result result = node.sh(ALPHA, script.toString());
                assertThat(result.exitCode()).as("round %d sent: %s", round, result.output()).isZero();
            }
        } finally {
            sending.set(false);
            cutter.join();
        }
        capture.cut();
        List<FlowRecord> found = store.query(new FlowQuery(INTERNET, from, System.currentTimeMillis() + 1000, OptionalInt.empty(),
                OptionalInt.empty(), 100_000));
        Map<Integer, Long> udpRecorded = new HashMap<>();
        Map<Integer, Long> protocolRecorded = new HashMap<>();
        long pingsRecorded = 0;
        for (FlowRecord record : found) {
            if (record.protocol() == 17 && udpSent.containsKey(record.remotePort())) {
                udpRecorded.merge(record.remotePort(), record.packetsOut(), Long::sum);
            } else if (protocolSent.containsKey(record.protocol())) {
                protocolRecorded.merge(record.protocol(), record.packetsOut(), Long::sum);
            } else if (record.protocol() == 1 && record.bytesOut() == (pingSize + 28L) * record.packetsOut()) {
                pingsRecorded += record.packetsOut();
            }
        }
        List<String> wrong = new ArrayList<>();
        udpSent.forEach((port, packets) -> {
            if (!packets.equals(udpRecorded.get(port))) {
                wrong.add("UDP to port " + port + ": " + packets + " sent, " + udpRecorded.getOrDefault(port, 0L) + " recorded");
            }
        });
        protocolSent.forEach((protocol, packets) -> {
            if (!packets.equals(protocolRecorded.get(protocol))) {
                wrong.add("protocol " + protocol + ": " + packets + " sent, " + protocolRecorded.getOrDefault(protocol, 0L)
                        + " recorded");
            }
        });
        int flows = udpSent.size() + protocolSent.size();
        System.out.println((flows - wrong.size()) + "/" + flows + " few-packet flows recorded with their exact packet counts"
                + " through " + cuts.get() + " cuts");
        assertThat(wrong).as("flows whose records do not add up to what they sent").isEmpty();
        assertThat(pingsRecorded).as("each echo request once").isEqualTo(pingsSent);
        assertThat(found).filteredOn(record -> udpSent.containsKey(record.remotePort()) || protocolSent.containsKey(record.protocol()))
                .extracting(FlowRecord::sliceName).containsOnly(ALPHA);
    }

    private static List<String> concat(List<String> prefix, String... command) {
        List<String> full = new ArrayList<>(prefix);
        full.addAll(List.of(command));
        return full;
    }

    @Test
    void theSliceIdPlcsServiceGivesWithASliverIsTakenWithoutAskingAndNoOtherServicesIs() {
        String fromPlc = "au_gamma";
        String fromElsewhere = "au_delta";
        try {
            // Neither name is known to the lookup: a mark can only come from the bind itself.
            assertThat(SLICE_IDS).doesNotContainKeys(fromPlc, fromElsewhere);
            String plcPool = node.agent.manager().createPool(Caller.HOST_ROOT, Rspec.EMPTY, PLC_SERVICE);
            node.agent.manager().splitAndBind(plcPool, Rspec.EMPTY, fromPlc, Rspec.EMPTY, 303);
            String otherPool = node.agent.manager().createPool(Caller.HOST_ROOT, Rspec.EMPTY, "other.scs");
            node.agent.manager().splitAndBind(otherPool, Rspec.EMPTY, fromElsewhere, Rspec.EMPTY, 101);
            assertThat(capture.attached().get(fromPlc)).extracting(SliverMark::sliceId).isEqualTo(303);
            assertThat(capture.changesOverNetlink()).as("marks reach the kernel without starting nft").isTrue();
            assertThat(capture.attached()).as("a slice id from a service not PLC's names nothing").doesNotContainKey(fromElsewhere);
        } finally {
            for (String sliver : List.of(fromPlc, fromElsewhere)) {
                try {
                    node.agent.manager().destroyVm(Caller.HOST_ROOT, sliver);
                } catch (RuntimeException e) {
                    // not created
                }
            }
        }
    }

    @Test
    void aConnectionFromOutsideToASliversServiceNamesItsSliceAsInbound() {
        long from = System.currentTimeMillis() - 1000;
        assertThat(node.sh(ALPHA, "mkdir -p /tmp/www && echo served > /tmp/www/index.html && httpd -p 7800 -h /tmp/www").exitCode())
                .isZero();
        List<String> page = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        do {
            page.add(HOST.runAllowingFailure(List.of("nsenter", "--net=/run/netns/" + tag + "-inet", "curl", "-s", "-m", "2",
                    "http://10.254.0.1:7800/index.html"), null).stdout().strip());
        } while (!page.getLast().equals("served") && System.nanoTime() < deadline);
        assertThat(page.getLast()).as("the sliver's listener is reached once the node has seen it").isEqualTo("served");
        List<FlowRecord> inbound = new ArrayList<>();
        deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        do {
            capture.cut();
            inbound = store.query(new FlowQuery(INTERNET, from, System.currentTimeMillis() + 1000, OptionalInt.empty(),
                    OptionalInt.of(6), 10_000)).stream().filter(record -> record.sliverPort() == 7800).toList();
        } while (inbound.isEmpty() && System.nanoTime() < deadline);

        assertThat(inbound).isNotEmpty().allSatisfy(record -> {
            assertThat(record.sliceName()).isEqualTo(ALPHA);
            assertThat(record.direction()).isEqualTo(FlowRecord.Direction.INBOUND);
            assertThat(record.publicPort()).isEqualTo(7800);
            assertThat(record.packetsIn()).isPositive();
        });
    }

    @Test
    void aFlowInProgressWhenTheAgentDiesIsRecordedOnceAfterItsRestart() {
        long from = System.currentTimeMillis() - 1000;
        String alphaAddress = address(ALPHA);
        String betaAddress = address(BETA);
        // Raw-socket UDP from one port to one port: each sliver's packets are one connection.
        rawProbe(ALPHA, "send-ip", alphaAddress, INTERNET, "7501", "3", "before");
        rawProbe(BETA, "send-ip", betaAddress, INTERNET, "7502", "2", "before");
        capture.cut();
        rawProbe(ALPHA, "send-ip", alphaAddress, INTERNET, "7501", "1", "uncut");
        FlowCapture dead = capture;
        FlowStore deadStore = store;
        dead.close();
        deadStore.close();
        rawProbe(BETA, "send-ip", betaAddress, INTERNET, "7502", "1", "while-down");
        node.restart();
        assertThat(capture).isNotSameAs(dead);
        rawProbe(ALPHA, "send-ip", alphaAddress, INTERNET, "7501", "2", "after");
        rawProbe(BETA, "send-ip", betaAddress, INTERNET, "7502", "2", "after");
        capture.cut();
        List<FlowRecord> found = store.query(new FlowQuery(INTERNET, from, System.currentTimeMillis() + 1000,
                OptionalInt.empty(), OptionalInt.of(17), 10_000));
        List<FlowRecord> alpha = found.stream().filter(record -> record.remotePort() == 7501).toList();
        List<FlowRecord> beta = found.stream().filter(record -> record.remotePort() == 7502).toList();
        assertThat(alpha.stream().mapToLong(FlowRecord::packetsOut).sum()).as("alpha's packets, each once: %s", alpha).isEqualTo(6);
        assertThat(beta.stream().mapToLong(FlowRecord::packetsOut).sum()).as("beta's packets, each once: %s", beta).isEqualTo(5);
        assertThat(alpha).extracting(FlowRecord::sliceName).containsOnly(ALPHA);
        assertThat(beta).extracting(FlowRecord::sliceName).containsOnly(BETA);
    }

    @Test
    void theAgentsPageListensOnTheNodesAddressInsideTheNodesNamespace() {
        Map<String, String> values = new HashMap<>(Map.of("state-dir", auditDirectory.resolve("page-state").toString(),
                "uplink-device", "up0", "node-address", "10.254.0.1", "node-namespace", "/run/netns/" + tag + "-node",
                "audit-dir", auditDirectory.resolve("page-audit").toString(), "audit-node-id", "7", "audit-page-port", "8081",
                "audit-hostname", "node1.example.org"));
        NodeAgentConfig config = NodeAgentConfigLoader.fromMap(values);
        try (SliverNetwork audited = NodeAudit.around(new NamespaceOnlyNetwork(tag + "-page"), config,
                NodeAgentMain.nodeCommand(config))) {
            HostCommand.Result page = HOST.runAllowingFailure(List.of("nsenter", "--net=/run/netns/" + tag + "-inet",
                    "busybox", "wget", "-q", "-O", "-", "http://10.254.0.1:8081/"), null);
            assertThat(page.stdout()).as(page.stderr()).contains("PlanetLab node node1.example.org", "research slices");
        }
    }

    private static void rawProbe(String sliver, String... arguments) {
        List<String> command = new ArrayList<>(List.of(RawProbe.IN_SLIVER));
        command.addAll(List.of(arguments));
        node.run(sliver, ExecRequest.asRoot(command), null);
    }

    private static String address(String sliver) {
        return node.agent.runtime().networkHandle(sliver).orElseThrow().sliverAddress().getHostAddress();
    }
}
