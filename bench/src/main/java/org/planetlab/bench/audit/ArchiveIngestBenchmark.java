package org.planetlab.bench.audit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.stream.Stream;
import org.planetlab.api.audit.FlowBatch;
import org.planetlab.api.audit.FlowRecord;
import org.planetlab.bench.measure.Latencies;
import org.planetlab.plc.audit.FlowArchive;
import org.planetlab.plc.audit.FlowQuery;

/**
 * Archive ingest: records stored per second through {@link FlowArchive#ingest} of either engine,
 * each batch one node's, numbered per node, as nodes upload them (a batch stored once, with the
 * row saying it was stored). The records are generated before the clock starts; each batch size
 * gets a fresh archive (a file, or a ClickHouse database), warmed up first.
 *
 * <p>Usage: {@code ArchiveIngestBenchmark FIGURES [ENGINE] [RECORDS [BATCH_SIZES [UPLOADERS [DIR]]]]}:
 * ENGINE {@code duckdb} (default) or {@code clickhouse=http://[user:password@]host:port/}; RECORDS
 * per run (default 5,000,000), BATCH_SIZES comma-separated (default 100,1000,10000: a node's
 * upload is at most 10,000 records), UPLOADERS comma-separated counts of concurrent uploading
 * threads (default 1,8), DIR for the archive files (default a temporary directory, deleted
 * afterwards). Every batch size is run with every uploader count.
 */
public final class ArchiveIngestBenchmark {
    private static final int POOL = 1_000_000;
    private static final int NODES = 1_000;

    public static void main(String[] arguments) throws Exception {
        if (arguments.length < 1) {
            System.err.println("usage: ArchiveIngestBenchmark FIGURES [ENGINE] [RECORDS [BATCH_SIZES [UPLOADERS [DIR]]]];"
                    + " " + ArchiveEngine.USAGE);
            System.exit(2);
        }
        ArchiveEngine engine = arguments.length > 1 && ArchiveEngine.isEngine(arguments[1])
                ? ArchiveEngine.parse(arguments[1]) : ArchiveEngine.parse("duckdb");
        String[] args = WhoSentThisBenchmark.withoutEngine(arguments);
        Path figuresFile = Path.of(args[0]);
        long records = args.length > 1 ? Long.parseLong(args[1]) : 5_000_000L;
        List<Integer> sizes = Stream.of((args.length > 2 ? args[2] : "100,1000,10000").split(","))
                .map(Integer::parseInt).toList();
        List<Integer> uploaders = Stream.of((args.length > 3 ? args[3] : "1,8").split(","))
                .map(Integer::parseInt).toList();
        Path dir = args.length > 4 ? Path.of(args[4]) : Files.createTempDirectory("bench-audit-ingest");
        Figures figures = new Figures(figuresFile, "archive ingest (" + engine.name() + ")", "records=" + records + " batches="
                + sizes + " uploaders=" + uploaders);
        long now = System.currentTimeMillis();
        long hour = now - now % 3_600_000L - 3_600_000L;
        SyntheticFlows flows = new SyntheticFlows(11, NODES, 5_000, 1 << 20);
        List<FlowRecord> pool = new ArrayList<>(POOL);
        for (int index = 0; index < POOL; index++) {
            pool.add(flows.flow(1 + index / 10_000 % NODES, hour));
        }
        try {
            for (int size : sizes) {
                for (int threads : uploaders) {
                    run(figures, engine, dir, pool, size, threads, records);
                }
            }
        } finally {
            if (args.length <= 4) {
                delete(dir);
            }
        }
        System.exit(0);
    }

    private static void run(Figures figures, ArchiveEngine engine, Path dir, List<FlowRecord> pool, int size,
            int uploaders, long records) throws Exception {
        String name = "ingest-" + size;
        engine.delete(dir, name);
        try (FlowArchive archive = engine.open(dir, name)) {
            AtomicLongArray sequences = new AtomicLongArray(NODES + 1);
            AtomicLong batchNumber = new AtomicLong();
            // Warm-up: the JIT, the day's table and DuckDB's first row groups.
            long warmUp = Math.max(records / 10, 20L * size);
            ingest(archive, pool, size, warmUp, uploaders, sequences, batchNumber, null);
            awaitLoaded(archive);
            Latencies perBatch = new Latencies();
            long cpuBefore = processCpuNanos();
            long started = System.nanoTime();
            long stored = ingest(archive, pool, size, records, uploaders, sequences, batchNumber, perBatch);
            double acknowledged = (System.nanoTime() - started) / 1e9;
            awaitLoaded(archive);
            double seconds = (System.nanoTime() - started) / 1e9;
            double cpuSeconds = (processCpuNanos() - cpuBefore) / 1e9;
            figures.record("batches of " + size + ", " + uploaders + " uploader(s): records/s", ("%,.0f (%,d records in %.1f s, all"
                    + " in the tables; %,.0f records per CPU second of this process, DuckDB's threads included, not ClickHouse's)")
                    .formatted(stored / seconds, stored, seconds, stored / cpuSeconds));
            figures.record("batches of " + size + ", " + uploaders + " uploader(s): records/s acknowledged", ("%,.0f (the last"
                    + " batch answered after %.1f s; DuckDB: journaled, not yet all loaded)").formatted(stored / acknowledged,
                    acknowledged));
            figures.record("batches of " + size + ", " + uploaders + " uploader(s): one batch's ingest p50 / p99 / max", perBatch.summary());
        } finally {
            engine.delete(dir, name);
        }
    }

    /**
     * Stores {@code records} records in batches of {@code size} from {@code uploaders} threads at
     * once (as PLC's API threads hand in concurrent uploads), cycling through the pool; returns how many.
     */
    private static long ingest(FlowArchive archive, List<FlowRecord> pool, int size, long records,
            int uploaders, AtomicLongArray sequences, AtomicLong batchNumber, Latencies perBatch) throws Exception {
        AtomicLong claimed = new AtomicLong();
        AtomicLong stored = new AtomicLong();
        long now = System.currentTimeMillis();
        ExecutorService threads = Executors.newFixedThreadPool(uploaders);
        List<Future<?>> done = new ArrayList<>();
        for (int thread = 0; thread < uploaders; thread++) {
            done.add(threads.submit(() -> {
                while (claimed.getAndAdd(size) < records) {
                    int offset = (int) (batchNumber.getAndIncrement() * size % (pool.size() - pool.size() % size));
                    List<FlowRecord> slice = pool.subList(offset, offset + size);
                    // The batch is its first record's node's; the pool keeps each node's records together.
                    int node = slice.getFirst().nodeId();
                    long sequence = sequences.incrementAndGet(node);
                    FlowBatch batch = new FlowBatch(node, sequence, slice);
                    long started = System.nanoTime();
                    archive.ingest(batch, "digest-" + node + "-" + sequence, now);
                    if (perBatch != null) {
                        perBatch.add(System.nanoTime() - started);
                    }
                    stored.addAndGet(size);
                }
                return null;
            }));
        }
        for (Future<?> future : done) {
            future.get();
        }
        threads.shutdown();
        return stored.get();
    }

    /**
     * Returns once every batch acknowledged so far is in the archive's tables: the embedded engine
     * acknowledges a batch once journaled, and a query waits until everything journaled before it
     * was loaded.
     */
    private static void awaitLoaded(FlowArchive archive) {
        archive.flows(new FlowQuery(Optional.of("192.0.2.1"), OptionalInt.empty(), 0, 1, OptionalInt.empty(),
                OptionalInt.empty(), OptionalInt.empty(), 1));
    }

    /** CPU time of the whole process: on a shared machine, a figure the other work's share does not change much. */
    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    static void delete(Path dir) throws Exception {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
