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
 * every round so the machine's other load falls on both alike; many short rounds give each mode's
 * median and spread, and each round's paired loss. Beside every rate, the kernel's CPU time per
 * packet the node forwarded in soft interrupts and in the kernel ({@link ForwardingCost}), which
 * the machine's other load moves less.
 *
 * <p>Usage: {@code CaptureOverheadBenchmark FIGURES [SECONDS [ROUNDS]]}: each measurement lasts
 * SECONDS (default 4); ROUNDS (default 10) of every measurement in both modes.
 */
public final class CaptureOverheadBenchmark {
    private static final HostCommand HOST = HostCommand.onHost();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SLIVER = "bench_sliver";
    private static final List<String> TESTS = List.of("tcp out", "tcp in", "64-byte udp out", "64-byte udp in");

    private final AuditBenchNetwork network;
    private final Path auditDirectory;
    private final ForwardingCost cost;

    private CaptureOverheadBenchmark(AuditBenchNetwork network, Path auditDirectory) {
        this.network = network;
        this.auditDirectory = auditDirectory;
        this.cost = new ForwardingCost(network.inNode());
    }

    public static void main(String[] arguments) throws Exception {
        if (arguments.length < 1) {
            System.err.println("usage: CaptureOverheadBenchmark FIGURES [SECONDS [ROUNDS]] (as root)");
            System.exit(2);
        }
        int seconds = arguments.length > 1 ? Integer.parseInt(arguments[1]) : 4;
        int rounds = arguments.length > 2 ? Integer.parseInt(arguments[2]) : 10;
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
        Runs on = new Runs();
        Runs off = new Runs();
        long recorded = 0;
        try {
            awaitSink();
            for (int round = 0; round < rounds; round++) {
                System.out.printf("round %d of %d%n", round + 1, rounds);
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
            String unit = test.startsWith("tcp") ? "Mbit/s" : "packets/s";
            List<Double> without = off.rate.get(test);
            List<Double> with = on.rate.get(test);
            List<Double> paired = new ArrayList<>();
            for (int round = 0; round < rounds; round++) {
                paired.add(100 * (without.get(round) - with.get(round)) / without.get(round));
            }
            figures.record(test + ": auditing off / on, median (min-max) of " + rounds, "%s / %s %s; %.1f %% lost;"
                    .formatted(spread("%,.0f", without), spread("%,.0f", with), unit, loss(without, with))
                    + " the rounds' paired losses %s %%".formatted(spread("%.1f", paired)));
            cost(figures, test + ": soft interrupt CPU per packet forwarded", off.softirq.get(test),
                    on.softirq.get(test));
            cost(figures, test + ": kernel CPU per packet forwarded", off.kernel.get(test), on.kernel.get(test));
        }
        figures.record("records the capture wrote while on", String.valueOf(recorded));
    }

    private static void cost(Figures figures, String measure, List<Double> off, List<Double> on) {
        figures.record(measure + ", auditing off / on, median (min-max)", "%s / %s µs; %+.1f %% with auditing on"
                .formatted(spread("%.3f", off), spread("%.3f", on), -loss(off, on)));
    }

    /** What one mode measured: each test's rate and CPU per packet, one value a round. */
    private static final class Runs {
        final Map<String, List<Double>> rate = new LinkedHashMap<>();
        final Map<String, List<Double>> softirq = new LinkedHashMap<>();
        final Map<String, List<Double>> kernel = new LinkedHashMap<>();

        void add(String test, double value, double softirqMicros, double kernelMicros) {
            rate.computeIfAbsent(test, key -> new ArrayList<>()).add(value);
            softirq.computeIfAbsent(test, key -> new ArrayList<>()).add(softirqMicros);
            kernel.computeIfAbsent(test, key -> new ArrayList<>()).add(kernelMicros);
        }
    }

    /** Runs the tests with the node's capture on; returns how many records it wrote. */
    private long runAudited(int seconds, Runs results) throws Exception {
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

    private void runTests(int seconds, Runs results) throws Exception {
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
            ForwardingCost.Sample before = cost.sample();
            String output = iperf.run(command);
            ForwardingCost.Sample after = cost.sample();
            JsonNode end = JSON.readTree(output).path("end");
            double value;
            if (tcp) {
                value = end.path("sum_received").path("bits_per_second").asDouble() / 1e6;
            } else {
                JsonNode sum = end.path("sum");
                value = (sum.path("packets").asDouble() - sum.path("lost_packets").asDouble()) / sum.path("seconds").asDouble();
            }
            double softirq = after.softirqMicrosPerPacketSince(before);
            double kernel = after.kernelMicrosPerPacketSince(before);
            System.out.printf("  %s: %,.0f %s, %,d packets forwarded, each %.3f µs in soft interrupts, %.3f µs in"
                    + " the kernel%n", test, value, tcp ? "Mbit/s" : "packets/s", after.packetsSince(before), softirq,
                    kernel);
            results.add(test, value, softirq, kernel);
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

    /** The loss from {@code before} to {@code after} in percent of {@code before}, of their medians. */
    private static double loss(List<Double> before, List<Double> after) {
        return 100 * (median(before) - median(after)) / median(before);
    }

    /** "median (min-max)" in {@code format}. */
    static String spread(String format, List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return (format + " (" + format + "-" + format + ")").formatted(median(sorted), sorted.getFirst(),
                sorted.getLast());
    }

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }
}
