package org.planetlab.bench.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.planetlab.node.audit.AuditSettings;
import org.planetlab.node.audit.FlowCapture;
import org.planetlab.node.audit.FlowStore;
import org.planetlab.node.host.HostCommand;
import org.planetlab.node.net.SliverNetworkHandle;
import org.planetlab.node.net.kernel.NetworkCommands;
import org.planetlab.node.net.kernel.NodeSockets;

/**
 * Capture overhead: a sliver's TCP throughput and its rate of 64-byte packets through its veth,
 * each way, with the node's flow auditing on and off. Privileged (root: namespaces, nftables).
 *
 * <p>It runs in the three namespaces of an {@link AuditBenchNetwork} (node, sliver, sink standing
 * for the Internet), which it creates and removes; connection tracking runs in both modes. Auditing on is
 * the node's own {@link FlowCapture}: its nftables table stamping the sliver's connections with
 * the sliver's mark, conntrack's counters and timestamps on, and its reader of connection ends
 * over netlink writing records to a {@link FlowStore}. Off is the same network with counters and
 * timestamps off, no audit table and no reader. Traffic is iperf3's, from the sliver to the sink
 * ("out") and back ("in", {@code -R}): TCP, and UDP with 36-byte payloads (64-byte IP packets)
 * at full speed, whose rate is the packets the receiver got per second. Modes alternate within
 * every round so the machine's other load falls on both alike.
 *
 * <p>Usage: {@code CaptureOverheadBenchmark FIGURES [SECONDS [ROUNDS]]}: each measurement lasts
 * SECONDS (default 10); ROUNDS (default 3) of every measurement in both modes.
 */
public final class CaptureOverheadBenchmark {
    private static final HostCommand HOST = HostCommand.onHost();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SLIVER = "bench_sliver";
    private static final List<String> TESTS = List.of("tcp out", "tcp in", "64-byte udp out", "64-byte udp in");

    private final AuditBenchNetwork network;
    private final Path auditDirectory;

    private CaptureOverheadBenchmark(AuditBenchNetwork network, Path auditDirectory) {
        this.network = network;
        this.auditDirectory = auditDirectory;
    }

    public static void main(String[] arguments) throws Exception {
        if (arguments.length < 1) {
            System.err.println("usage: CaptureOverheadBenchmark FIGURES [SECONDS [ROUNDS]] (as root)");
            System.exit(2);
        }
        int seconds = arguments.length > 1 ? Integer.parseInt(arguments[1]) : 10;
        int rounds = arguments.length > 2 ? Integer.parseInt(arguments[2]) : 3;
        Figures figures = new Figures(Path.of(arguments[0]), "capture overhead", "seconds=" + seconds + " rounds=" + rounds);
        CaptureOverheadBenchmark benchmark = new CaptureOverheadBenchmark(
                new AuditBenchNetwork("plcb", Duration.ofSeconds(60)), Files.createTempDirectory("bench-capture"));
        try {
            benchmark.createNetwork();
            benchmark.measure(figures, seconds, rounds);
        } finally {
            benchmark.removeNetwork();
        }
        System.exit(0);
    }

    private String namespace(String role) {
        return network.namespace(role);
    }

    private HostCommand inNode() {
        return network.inNode();
    }

    private void createNetwork() {
        network.create();
    }

    private void removeNetwork() {
        network.remove();
        try {
            ArchiveIngestBenchmark.delete(auditDirectory);
        } catch (Exception e) {
            System.err.println("could not delete " + auditDirectory + ": " + e);
        }
    }

    private void measure(Figures figures, int seconds, int rounds) throws Exception {
        Process sink = HOST.processBuilder(List.of("ip", "netns", "exec", namespace("k"), "iperf3", "-s", "-p", "5201"))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        Map<String, List<Double>> on = new LinkedHashMap<>();
        Map<String, List<Double>> off = new LinkedHashMap<>();
        long recorded = 0;
        try {
            awaitSink();
            for (int round = 0; round < rounds; round++) {
                // Alternate which mode goes first, so neither always follows the other.
                for (boolean audited : round % 2 == 0 ? new boolean[] {false, true} : new boolean[] {true, false}) {
                    if (audited) {
                        recorded += runAudited(seconds, on);
                    } else {
                        countersOff();
                        runTests(seconds, off);
                    }
                }
            }
        } finally {
            sink.destroy();
            sink.waitFor();
        }
        for (String test : TESTS) {
            boolean tcp = test.startsWith("tcp");
            double withAudit = median(on.get(test));
            double without = median(off.get(test));
            String unit = tcp ? "Mbit/s" : "packets/s";
            figures.record(test + ": auditing off / on (median of " + rounds + ")", "%,.0f / %,.0f %s; %.1f %% lost"
                    .formatted(without, withAudit, unit, 100 * (without - withAudit) / without));
        }
        figures.record("records the capture wrote while on", String.valueOf(recorded));
    }

    /** Runs the tests with the node's capture on; returns how many records it wrote. */
    private long runAudited(int seconds, Map<String, List<Double>> results) throws Exception {
        AuditSettings settings = AuditSettings.read(Map.of("node-id", "1", "public-address", "10.78.0.1", "audit-dir",
                auditDirectory.toString(), "table", "bench_audit"));
        FlowStore store = new FlowStore(auditDirectory.resolve("flows"), Clock.systemUTC(), settings.retention(),
                settings.budgetBytes());
        FlowCapture capture = new FlowCapture(settings, inNode(), store, Clock.systemUTC());
        try {
            capture.useNetlink(new NodeSockets(new NetworkCommands(inNode()), "/run/netns/" + namespace("n")));
            capture.start(Map.of(SLIVER, 1), List.of(new SliverNetworkHandle(SLIVER, Path.of("/run/netns/"
                    + namespace("s")), InetAddress.getByName(AuditBenchNetwork.SLIVER_ADDRESS), network.veth())));
            runTests(seconds, results);
            // Connections still in conntrack's tables (TCP's TIME_WAIT, UDP's idle timeout) are
            // recorded by an active-timeout cut, as the agent's periodic one would.
            capture.cut();
            return capture.recordsWritten();
        } finally {
            capture.close();
            store.close();
            inNode().runAllowingFailure(List.of("nft", "delete", "table", "ip", "bench_audit"), null);
        }
    }

    private void countersOff() {
        inNode().run(List.of("sysctl", "-q", "-w", "net.netfilter.nf_conntrack_acct=0",
                "net.netfilter.nf_conntrack_timestamp=0"));
    }

    private void runTests(int seconds, Map<String, List<Double>> results) throws Exception {
        HostCommand iperf = new HostCommand(List.of(), Duration.ofSeconds(seconds + 30L));
        for (String test : TESTS) {
            List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", namespace("s"), "iperf3", "-c",
                    AuditBenchNetwork.SINK_ADDRESS, "-p", "5201", "-t", String.valueOf(seconds), "-J"));
            if (test.endsWith(" in")) {
                command.add("-R");
            }
            boolean tcp = test.startsWith("tcp");
            if (!tcp) {
                command.addAll(List.of("-u", "-l", "36", "-b", "0"));
            }
            JsonNode end = JSON.readTree(iperf.run(command)).path("end");
            double value;
            if (tcp) {
                value = end.path("sum_received").path("bits_per_second").asDouble() / 1e6;
            } else {
                JsonNode sum = end.path("sum");
                value = (sum.path("packets").asDouble() - sum.path("lost_packets").asDouble()) / sum.path("seconds").asDouble();
            }
            System.out.printf("  %s: %,.0f %s%n", test, value, tcp ? "Mbit/s" : "packets/s");
            results.computeIfAbsent(test, key -> new ArrayList<>()).add(value);
        }
    }

    private void awaitSink() {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (HOST.runAllowingFailure(List.of("ip", "netns", "exec", namespace("k"), "ss", "-ltn", "sport = :5201"), null)
                .stdout().lines().count() < 2) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("iperf3 did not listen in the sink's namespace within 10 s");
            }
            LockSupport.parkNanos(50_000_000L);
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }
}
