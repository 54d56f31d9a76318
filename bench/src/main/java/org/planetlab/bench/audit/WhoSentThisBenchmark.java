package org.planetlab.bench.audit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.SplittableRandom;
import org.planetlab.api.audit.FlowBatch;
import org.planetlab.api.audit.FlowRecord;
import org.planetlab.bench.measure.Latencies;
import org.planetlab.plc.audit.DuckDbFlowArchive;
import org.planetlab.plc.audit.FlowQuery;

/**
 * "Who sent this?" on the embedded archive: the lookup {@code WhoSentThis} makes (flows to or from
 * one address overlapping a window, newest first, at most 100) over DAYS days of NODES nodes'
 * synthetic flows, after PLC's maintenance has sorted the finished days (as its hourly timer does),
 * with today's table still in arrival order. Each node uploads one batch a day of its records
 * (every hour of it, more by day than by night), so filling the archive takes one transaction per
 * node and day.
 *
 * <p>Asked: an address drawn by the traffic's popularity (a busy destination) or uniformly from the
 * addresses the traffic reached (a scanned host's few flows) or one it never reached, with a
 * window of one hour (what a complaint usually gives), one day, or all DAYS days.
 *
 * <p>Usage: {@code WhoSentThisBenchmark FIGURES [RECORDS [NODES [DAYS [QUERIES [DIR]]]]]}; defaults
 * 100,000,000 records, 1,000 nodes, 30 days, 1,000 queries of each kind; DIR keeps the archive
 * (default: a temporary directory, deleted afterwards; a DIR that already holds {@code who.duckdb}
 * is reused as it is, so a large archive is filled once).
 */
public final class WhoSentThisBenchmark {
    private static final long HOUR = 3_600_000L;
    private static final long DAY = 24 * HOUR;
    private static final int WARM_UP = 50;

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: WhoSentThisBenchmark FIGURES [RECORDS [NODES [DAYS [QUERIES [DIR]]]]]");
            System.exit(2);
        }
        Path figuresFile = Path.of(args[0]);
        long records = args.length > 1 ? Long.parseLong(args[1]) : 100_000_000L;
        int nodes = args.length > 2 ? Integer.parseInt(args[2]) : 1_000;
        int days = args.length > 3 ? Integer.parseInt(args[3]) : 30;
        int queries = args.length > 4 ? Integer.parseInt(args[4]) : 1_000;
        boolean keep = args.length > 5;
        Path dir = keep ? Path.of(args[5]) : Files.createTempDirectory("bench-audit-who");
        Files.createDirectories(dir);
        Path file = dir.resolve("who.duckdb");
        Figures figures = new Figures(figuresFile, "who sent this? (DuckDB)", "records=" + records + " nodes=" + nodes
                + " days=" + days);
        // A million distinct destinations for 100 million records; fewer for smaller runs.
        int distinct = (int) Math.clamp(records / 100, 10_000, 1_000_000);
        SyntheticFlows flows = new SyntheticFlows(7, nodes, 5_000, distinct);
        long now = System.currentTimeMillis();
        long today = now - now % DAY;
        long first = today - days * DAY;
        try {
            boolean filled = Files.exists(file);
            try (DuckDbFlowArchive archive = DuckDbFlowArchive.open(file)) {
                if (!filled) {
                    fill(figures, archive, flows, records, nodes, first, now);
                }
                long started = System.nanoTime();
                archive.optimize(now);
                figures.record("maintenance: sorting the finished days", "%.1f s".formatted(
                        (System.nanoTime() - started) / 1e9));
                figures.record("archive file", "%,d MB".formatted(Files.size(file) >> 20));
                SplittableRandom random = new SplittableRandom(3);
                for (String who : List.of("popular address", "tail address", "address never seen")) {
                    for (long window : List.of(HOUR, DAY, days * DAY)) {
                        ask(figures, archive, flows, random, who, window, first, now, queries);
                    }
                }
            }
        } finally {
            if (!keep) {
                ArchiveIngestBenchmark.delete(dir);
            }
        }
        System.exit(0);
    }

    /** One batch per node and day, the day's records spread over its hours as traffic is. */
    private static void fill(Figures figures, DuckDbFlowArchive archive, SyntheticFlows flows, long records, int nodes,
            long first, long now) {
        long hours = (now - first) / HOUR;
        double perNodeHour = (double) records / hours / nodes;
        long stored = 0;
        long sequence = 0;
        long started = System.nanoTime();
        long cpuBefore = ArchiveIngestBenchmark.processCpuNanos();
        for (long day = first; day < now; day += DAY) {
            sequence++;
            for (int node = 1; node <= nodes; node++) {
                List<FlowRecord> batch = new ArrayList<>();
                for (long hour = day; hour < Math.min(day + DAY, now - HOUR); hour += HOUR) {
                    double expected = perNodeHour * SyntheticFlows.diurnal((int) ((hour % DAY) / HOUR));
                    long count = (long) expected + (Math.random() < expected - (long) expected ? 1 : 0);
                    for (long index = 0; index < count && batch.size() < FlowBatch.MAX_RECORDS; index++) {
                        batch.add(flows.flow(node, hour));
                    }
                }
                if (!batch.isEmpty()) {
                    archive.ingest(new FlowBatch(node, sequence, batch), "fill-" + node + "-" + sequence, now);
                    stored += batch.size();
                }
            }
            System.out.printf("  filled %s: %,d records so far%n", java.time.Instant.ofEpochMilli(day), stored);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        figures.record("filling: records stored", ("%,d in %.0f s (%,.0f records/s with generation; %,.0f per CPU"
                + " second)").formatted(stored, seconds, stored / seconds,
                stored / ((ArchiveIngestBenchmark.processCpuNanos() - cpuBefore) / 1e9)));
    }

    private static void ask(Figures figures, DuckDbFlowArchive archive, SyntheticFlows flows, SplittableRandom random,
            String who, long window, long first, long now, int queries) {
        Latencies latencies = new Latencies();
        long answered = 0;
        for (int round = 0; round < WARM_UP + queries; round++) {
            String address = switch (who) {
                case "popular address" -> flows.remote(flows.popularRank());
                case "tail address" -> flows.remote(flows.uniformRank());
                default -> "198.18." + random.nextInt(256) + "." + (1 + random.nextInt(254));
            };
            long from = window >= now - first ? first : first + random.nextLong(now - first - window);
            FlowQuery query = new FlowQuery(Optional.of(address), OptionalInt.empty(), from, from + window,
                    OptionalInt.empty(), OptionalInt.empty(), OptionalInt.empty(), 100);
            long started = System.nanoTime();
            int found = archive.flows(query).size();
            if (round >= WARM_UP) {
                latencies.add(System.nanoTime() - started);
                answered += found;
            }
        }
        figures.record("%s, window %s: p50 / p99 / max".formatted(who, window == HOUR ? "1 hour"
                : window == DAY ? "1 day" : "whole archive"), "%s, %.1f flows per answer".formatted(
                latencies.summary(), (double) answered / queries));
    }
}
