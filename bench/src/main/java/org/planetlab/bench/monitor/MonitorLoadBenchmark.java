package org.planetlab.bench.monitor;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import org.planetlab.plc.Plc;
import org.planetlab.plc.auth.Caller;
import org.planetlab.plc.auth.SignedNodeRequests;
import org.planetlab.plc.node.InterfaceFields;
import org.planetlab.plc.node.NewNode;
import org.planetlab.plc.node.NodeRef;
import org.planetlab.plc.site.NewSite;
import org.planetlab.plc.site.SiteRef;
import org.planetlab.plc.slice.NewSlice;
import org.planetlab.plc.slice.SliceRef;
import org.planetlab.plc.testing.StoreKind;
import org.planetlab.plc.testing.TestingPlc;
import org.planetlab.trust.node.NodeRequestVerifier;

/**
 * The monitor's load at scale (issue "Operating the testbed", must-show "Scale"): N simulated
 * nodes send PLC a heartbeat every 5 s and a usage report of their two slivers every 30 s (the
 * defaults), each request signed with the node's own key as real agents sign them, to one PLC on
 * this machine. PLC runs in this process; the nodes run in a child JVM ({@link SimulatedNodes}),
 * so this process's CPU time during the run is PLC's alone. Prints PLC's CPU share of the
 * machine, each call's p50/p99, what was refused or failed, and the store's growth extrapolated
 * to a day.
 *
 * <p>Usage: {@code MonitorLoadBenchmark [nodes (10000)] [seconds (120)] [sqlite|postgresql]}.
 */
public final class MonitorLoadBenchmark {
    /** Slices the nodes' slivers belong to; each node hosts two. */
    private static final int SLICES = 40;
    private static final int BATCH = 500;
    /** Long enough for every node's first heartbeat and first usage report (30 s apart). */
    private static final int WARM_UP_SECONDS = 40;

    public static void main(String[] args) throws Exception {
        int nodes = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 120;
        StoreKind store = args.length > 2 && args[2].equals("postgresql") ? StoreKind.POSTGRESQL : StoreKind.SQLITE;
        Clock clock = Clock.systemUTC();
        // Every request is signed with a fresh nonce that PLC remembers for its 300 s window: 10,000
        // nodes send 2,333 requests a second, 700,000 in a window. PLC's replay cache as shipped
        // holds a share for every node calling, so it needs no setting for that.
        try (TestingPlc testing = TestingPlc.start(store, clock,
                new SignedNodeRequests(clock, true, NodeRequestVerifier.DEFAULT_MAX_NONCES))) {
            Plc plc = testing.plc();
            long seeding = System.nanoTime();
            Path roster = seed(plc, nodes);
            System.err.printf("seeded %d nodes in %.0f s%n", nodes, (System.nanoTime() - seeding) / 1e9);
            testing.plc().database().write(handle -> handle.execute("ANALYZE"));

            long cpuBefore = processCpuNanos();
            long wallBefore = System.nanoTime();
            Process child = new ProcessBuilder(javaCommand(roster, testing, seconds)).redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            // A node's first heartbeat and first report write rows once (its health, its counters, its
            // first up interval): the day's growth is measured after them, from the steady state.
            Thread.sleep(Math.min(seconds / 2, WARM_UP_SECONDS) * 1000L);
            Map<String, Long> tablesBefore = tableBytes(testing, store);
            long sizeBefore = storeBytes(testing, store);
            long samplesBefore = count(testing, "usage_samples");
            long measuredFrom = System.nanoTime();
            String result = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            child.waitFor();
            long cpu = processCpuNanos() - cpuBefore;
            double wall = (System.nanoTime() - wallBefore) / 1e9;
            // Heartbeats reach the store in 5 s batches: let the last one land before measuring.
            Thread.sleep(6_000);
            double measured = (System.nanoTime() - measuredFrom) / 1e9;
            long grown = storeBytes(testing, store) - sizeBefore;
            long samples = count(testing, "usage_samples") - samplesBefore;
            int cores = Runtime.getRuntime().availableProcessors();
            System.out.printf("| %d nodes, %s, %d s | %s | PLC CPU %.1f %% of %d cores | store +%,d bytes in %.0f s (%,d usage samples): %.2f GB a day |%n",
                    nodes, store.name().toLowerCase(), seconds, result, 100.0 * cpu / 1e9 / wall / cores, cores, grown, measured,
                    samples, grown / measured * 86_400 / 1e9);
            Map<String, Long> tablesAfter = tableBytes(testing, store);
            tablesAfter.forEach((table, bytes) -> {
                long tableGrowth = bytes - tablesBefore.getOrDefault(table, 0L);
                if (tableGrowth != 0) {
                    System.err.printf("  %-32s +%,d bytes%n", table, tableGrowth);
                }
            });
        }
        System.exit(0);
    }

    /** Sites' worth of nodes on loopback, two slices each; returns the roster the simulated nodes read. */
    private static Path seed(Plc plc, int nodes) throws Exception {
        long siteId = plc.sites().addSite(Caller.INTERNAL, new NewSite("bench", "Benchmark University", "Bench", Optional.empty(),
                Optional.empty(), Optional.empty(), OptionalLong.of(1_000L), OptionalLong.of(100_000_000L), Optional.empty(),
                Optional.empty(), Optional.empty()));
        for (int slice = 0; slice < SLICES; slice++) {
            plc.slices().addSlice(Caller.INTERNAL, new NewSlice("bench_s" + slice, Optional.empty(), Optional.empty(),
                    Optional.of(1_000_000L), Optional.empty()));
        }
        List<String> lines = new ArrayList<>();
        List<NodeRef> batch = new ArrayList<>();
        for (int index = 0; index < nodes; index++) {
            long nodeId = plc.nodes().addNode(Caller.INTERNAL, SiteRef.of(siteId), NewNode.named("n" + index + ".bench.example.org"));
            plc.interfaces().addInterface(Caller.INTERNAL, NodeRef.of(nodeId), new InterfaceFields(Map.of(
                    "method", Optional.of("static"), "type", Optional.of("ipv4"), "ip", Optional.of("127.0.0.1"))));
            String plnode = (String) plc.dispatcher().invokeAs(Caller.INTERNAL, "GetNodeConfigFile", List.of(nodeId));
            int first = (index / BATCH * 2) % SLICES;
            lines.add(Base64.getEncoder().encodeToString(plnode.getBytes(StandardCharsets.UTF_8)) + " bench_s" + first + " bench_s"
                    + (first + 1));
            batch.add(NodeRef.of(nodeId));
            if (batch.size() == BATCH || index == nodes - 1) {
                for (int slice = first; slice < first + 2; slice++) {
                    plc.sliceMembership().addNodes(Caller.INTERNAL, SliceRef.of("bench_s" + slice), List.copyOf(batch));
                }
                batch.clear();
            }
        }
        Path roster = Files.createTempFile("planetlab-monitor-bench", ".roster");
        roster.toFile().deleteOnExit();
        Files.write(roster, lines);
        return roster;
    }

    private static List<String> javaCommand(Path roster, TestingPlc testing, int seconds) {
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g", "-cp",
                System.getProperty("java.class.path"), SimulatedNodes.class.getName(), roster.toString(), testing.uri().toString(),
                Integer.toString(seconds));
    }

    private static long storeBytes(TestingPlc testing, StoreKind store) {
        return testing.plc().database().read(handle -> store == StoreKind.POSTGRESQL
                ? handle.createQuery("SELECT pg_database_size(current_database())").mapTo(Long.class).one()
                : handle.createQuery("SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()").mapTo(Long.class).one());
    }

    /**
     * Each table's and index's bytes, to say what grows: SQLite's dbstat (where the driver has
     * it; empty otherwise), PostgreSQL's relation sizes.
     */
    private static Map<String, Long> tableBytes(TestingPlc testing, StoreKind store) {
        Map<String, Long> sizes = new TreeMap<>();
        try {
            testing.plc().database().read(handle -> {
                handle.createQuery(store == StoreKind.POSTGRESQL
                                ? "SELECT c.relname, pg_relation_size(c.oid) FROM pg_class c JOIN pg_namespace n"
                                        + " ON n.oid = c.relnamespace WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'i')"
                                : "SELECT name, SUM(pgsize) FROM dbstat GROUP BY name")
                        .map((row, context) -> Map.entry(row.getString(1), row.getLong(2)))
                        .forEach(entry -> sizes.put(entry.getKey(), entry.getValue()));
                return null;
            });
        } catch (RuntimeException e) {
            System.err.println("no per-table sizes: " + e.getMessage());
        }
        return sizes;
    }

    private static long count(TestingPlc testing, String table) {
        return testing.plc().database().read(handle -> handle.createQuery("SELECT COUNT(*) FROM " + table).mapTo(Long.class).one());
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }
}
