package org.planetlab.bench.audit;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.planetlab.bench.measure.TreeCpu;
import org.planetlab.node.audit.AuditSettings;
import org.planetlab.node.audit.FlowCapture;
import org.planetlab.node.audit.FlowStore;
import org.planetlab.node.host.HostCommand;
import org.planetlab.node.net.SliverNetworkHandle;
import org.planetlab.node.net.kernel.NetworkCommands;
import org.planetlab.node.net.kernel.NodeSockets;

/**
 * The cost of one active-timeout cut ({@link FlowCapture#cut()}) with many connections tracked,
 * the two ways a cut can read the kernel's counters: {@code netlink} (a listing that zeroes nothing,
 * then one request per sliver connection that counted packets, reading and zeroing it) and
 * {@code dump} ({@code conntrack -L -z}, where no netlink socket can be had in the node's
 * namespace). Privileged (root: namespaces, nftables).
 *
 * <p>The network is an {@link AuditBenchNetwork}: the node's namespace forwarding and
 * source-NATing a sliver's traffic to a sink, the sliver's connections stamped with its mark. For
 * each count N, each round sends one UDP packet from the sliver to each of N ports (N connections,
 * the sink drops them, so they stay open), then measures a cut that finds all N counting and a cut
 * right after it that finds none counting; then the connections are flushed. The figure is the CPU
 * time of the cutting thread (user and system, so the kernel's work for its netlink requests) plus
 * that of the processes the cut started ({@code nsenter}, {@code conntrack}), and the wall time.
 *
 * <p>Usage: {@code CutCostBenchmark FIGURES [COUNTS [ROUNDS]]}: COUNTS comma-separated (default
 * 1000,10000), ROUNDS (default 5) of each count and way; medians are recorded.
 */
public final class CutCostBenchmark {
    private static final HostCommand HOST = HostCommand.onHost();
    private static final String SLIVER = "bench_sliver";
    private static final int FIRST_PORT = 20_000;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final long TICK_NANOS = 10_000_000L;

    private final AuditBenchNetwork network;
    private final Path auditDirectory;

    private CutCostBenchmark(AuditBenchNetwork network, Path auditDirectory) {
        this.network = network;
        this.auditDirectory = auditDirectory;
    }

    public static void main(String[] arguments) throws Exception {
        if (arguments.length < 1) {
            System.err.println("usage: CutCostBenchmark FIGURES [COUNTS [ROUNDS]] (as root)");
            System.exit(2);
        }
        List<Integer> counts = (arguments.length > 1 ? List.of(arguments[1].split(",")) : List.of("1000", "10000")).stream()
                .map(Integer::parseInt).toList();
        int rounds = arguments.length > 2 ? Integer.parseInt(arguments[2]) : 5;
        if (counts.stream().anyMatch(count -> count < 1 || count > 40_000) || rounds < 1) {
            System.err.println("counts must be 1 to 40,000 connections, rounds at least 1");
            System.exit(2);
        }
        Figures figures = new Figures(Path.of(arguments[0]), "cut cost", "counts=" + counts + " rounds=" + rounds);
        CutCostBenchmark benchmark = new CutCostBenchmark(new AuditBenchNetwork("plcc", Duration.ofSeconds(120)),
                Files.createTempDirectory("bench-cut"));
        try {
            benchmark.createNetwork();
            for (int count : counts) {
                for (boolean overNetlink : new boolean[] {false, true}) {
                    benchmark.measure(figures, count, rounds, overNetlink);
                }
            }
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
        network.create("net.netfilter.nf_conntrack_udp_timeout=300");
        // The sink answers nothing: every connection stays open, counting, until flushed.
        HOST.runWithInput(List.of("ip", "netns", "exec", namespace("k"), "nft", "-f", "-"),
                "table ip quiet {\n chain input {\n type filter hook input priority 0; udp dport 1024-65535 drop;\n }\n}\n");
    }

    private void removeNetwork() {
        network.remove();
        try {
            ArchiveIngestBenchmark.delete(auditDirectory);
        } catch (Exception e) {
            System.err.println("could not delete " + auditDirectory + ": " + e);
        }
    }

    private void measure(Figures figures, int count, int rounds, boolean overNetlink) throws Exception {
        String way = overNetlink ? "netlink" : "dump";
        AuditSettings settings = AuditSettings.read(Map.of("node-id", "1", "public-address", "10.78.0.1", "audit-dir",
                auditDirectory.resolve(way + "-" + count).toString(), "table", "bench_audit", "active-timeout-seconds", "86400"));
        FlowStore store = new FlowStore(settings.directory().resolve("flows"), Clock.systemUTC(), settings.retention(),
                settings.budgetBytes());
        FlowCapture capture = new FlowCapture(settings, inNode(), store, Clock.systemUTC());
        List<long[]> counting = new ArrayList<>();
        List<long[]> idle = new ArrayList<>();
        try {
            if (overNetlink) {
                capture.useNetlink(new NodeSockets(new NetworkCommands(inNode()), "/run/netns/" + namespace("n")));
            }
            capture.start(Map.of(SLIVER, 1), List.of(new SliverNetworkHandle(SLIVER, Path.of("/run/netns/"
                    + namespace("s")), InetAddress.getByName(AuditBenchNetwork.SLIVER_ADDRESS), network.veth())));
            for (int round = 0; round < rounds; round++) {
                inNode().run(List.of("conntrack", "-F"));
                send(count);
                Thread.sleep(500);
                long before = capture.recordsWritten();
                counting.add(timedCut(capture));
                long written = capture.recordsWritten() - before;
                idle.add(timedCut(capture));
                System.out.printf("  %s, %,d connections: cut of all counting %.1f ms CPU (%d records), of none counting %.1f ms"
                        + " CPU%n", way, count, counting.getLast()[0] / 1e6, written, idle.getLast()[0] / 1e6);
                if (written < count) {
                    throw new IllegalStateException("the cut recorded " + written + " of " + count + " counting connections");
                }
            }
        } finally {
            capture.close();
            store.close();
            inNode().runAllowingFailure(List.of("nft", "delete", "table", "ip", "bench_audit"), null);
            inNode().runAllowingFailure(List.of("conntrack", "-F"), null);
        }
        figures.record(way + ", " + count + " connections all counting: CPU / wall per cut (median of " + rounds + ")",
                "%.1f / %.1f ms".formatted(median(counting, 0) / 1e6, median(counting, 1) / 1e6));
        figures.record(way + ", " + count + " connections none counting: CPU / wall per cut (median of " + rounds + ")",
                "%.1f / %.1f ms".formatted(median(idle, 0) / 1e6, median(idle, 1) / 1e6));
    }

    /** One UDP packet from the sliver to each of {@code count} ports, each from a socket of its own. */
    private void send(int count) {
        new HostCommand(List.of(), Duration.ofSeconds(300)).run(List.of("ip", "netns", "exec", namespace("s"), "bash", "-c",
                "for ((p = " + FIRST_PORT + "; p < " + (FIRST_PORT + count) + "; p++)); do echo x >/dev/udp/" + AuditBenchNetwork.SINK_ADDRESS
                        + "/$p; done"));
    }

    /** {CPU, wall} nanoseconds of one cut: this thread's and its child processes'. */
    private static long[] timedCut(FlowCapture capture) {
        long wall = System.nanoTime();
        long thread = THREADS.getCurrentThreadCpuTime();
        long children = childrenCpuNanos();
        capture.cut();
        return new long[] {THREADS.getCurrentThreadCpuTime() - thread + childrenCpuNanos() - children, System.nanoTime() - wall};
    }

    /** CPU time of this process's waited-for children (cutime + cstime). */
    private static long childrenCpuNanos() {
        long[] times = TreeCpu.times(Path.of("/proc/self"));
        if (times == null) {
            throw new IllegalStateException("cannot read /proc/self/stat");
        }
        return (times[2] + times[3]) * TICK_NANOS;
    }

    private static double median(List<long[]> values, int field) {
        List<Long> sorted = values.stream().map(value -> value[field]).sorted().toList();
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2.0;
    }
}
