package org.planetlab.bench.audit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.SplittableRandom;
import org.planetlab.bench.measure.Latencies;
import org.planetlab.plc.audit.ClickHouseFlowArchive;
import org.planetlab.plc.audit.DuckDbFlowArchive;
import org.planetlab.plc.audit.FlowArchive;
import org.planetlab.plc.audit.FlowQuery;

/**
 * "Who sent this?" on either archive engine: the lookup {@code WhoSentThis} makes (flows to or from
 * one address overlapping a window, newest first, at most 100) over DAYS days of NODES nodes'
 * synthetic flows, after PLC's maintenance has sorted (DuckDB) or merged (ClickHouse) the finished
 * days, as its hourly timer does, with today's flows still in arrival order. The archive is filled
 * inside the engine ({@link BulkFlows}: one {@code INSERT ... SELECT} per day), not through the
 * API, so 100 million records take minutes; the API's ingest is {@link ArchiveIngestBenchmark}'s.
 *
 * <p>Asked: an address drawn by the traffic's popularity (a busy destination) or uniformly from the
 * addresses the traffic reached (a scanned host's few flows) or one it never reached, with a
 * window of one hour (what a complaint usually gives), one day, or all DAYS days.
 *
 * <p>Usage: {@code WhoSentThisBenchmark FIGURES [ENGINE] [RECORDS [NODES [DAYS [QUERIES [DIR [WINDOWS]]]]]]};
 * ENGINE {@code duckdb} (default) or {@code clickhouse=http://[user:password@]host:port/}; defaults
 * 100,000,000 records, 1,000 nodes, 30 days, 1,000 queries of each kind; DIR keeps the archive
 * (default: a temporary directory, deleted afterwards, and the ClickHouse database dropped; an
 * archive already filled there, {@code who.duckdb} or the database {@code bench_who}, is reused as
 * it is); WINDOWS the windows asked about, a comma-separated list of {@code hour}, {@code day} and
 * {@code all} (default all three).
 */
public final class WhoSentThisBenchmark {
    private static final long HOUR = 3_600_000L;
    private static final long DAY = 24 * HOUR;
    private static final int WARM_UP = 50;
    private static final int SLICES = 5_000;

    public static void main(String[] arguments) throws Exception {
        if (arguments.length < 1) {
            System.err.println("usage: WhoSentThisBenchmark FIGURES [ENGINE]"
                    + " [RECORDS [NODES [DAYS [QUERIES [DIR [WINDOWS]]]]]]; "
                    + ArchiveEngine.USAGE);
            System.exit(2);
        }
        ArchiveEngine engine = arguments.length > 1 && ArchiveEngine.isEngine(arguments[1])
                ? ArchiveEngine.parse(arguments[1]) : ArchiveEngine.parse("duckdb");
        String[] args = withoutEngine(arguments);
        Path figuresFile = Path.of(args[0]);
        long records = args.length > 1 ? Long.parseLong(args[1]) : 100_000_000L;
        int nodes = args.length > 2 ? Integer.parseInt(args[2]) : 1_000;
        int days = args.length > 3 ? Integer.parseInt(args[3]) : 30;
        int queries = args.length > 4 ? Integer.parseInt(args[4]) : 1_000;
        boolean keep = args.length > 5;
        List<Long> windows = args.length > 6 ? windows(args[6], days) : List.of(HOUR, DAY, days * DAY);
        Path dir = keep ? Path.of(args[5]) : Files.createTempDirectory("bench-audit-who");
        Files.createDirectories(dir);
        Figures figures = new Figures(figuresFile, "who sent this? (" + engine.name() + ")", "records=" + records
                + " nodes=" + nodes + " days=" + days);
        // A million distinct destinations for 100 million records; fewer for smaller runs.
        int distinct = (int) Math.clamp(records / 100, 10_000, 1_000_000);
        BulkFlows flows = new BulkFlows(engine.isClickHouse(), nodes, SLICES, distinct);
        long now = System.currentTimeMillis();
        long today = now - now % DAY;
        long first = today - days * DAY;
        try {
            boolean filled = engine.filled(dir, "who");
            try (FlowArchive archive = engine.open(dir, "who")) {
                if (!filled) {
                    fill(figures, archive, flows, records, first, now);
                }
                long started = System.nanoTime();
                archive.optimize(now);
                figures.record("maintenance: sorting / merging the finished days", "%.1f s".formatted(
                        (System.nanoTime() - started) / 1e9));
                if (!engine.isClickHouse()) {
                    figures.record("archive file", "%,d MB".formatted(Files.size(dir.resolve("who.duckdb")) >> 20));
                }
                SplittableRandom random = new SplittableRandom(3);
                for (String who : List.of("popular address", "tail address", "address never seen")) {
                    for (long window : windows) {
                        ask(figures, archive, flows, distinct, random, who, window, first, now, queries);
                    }
                }
            }
            if (!keep) {
                engine.delete(dir, "who");
            }
        } finally {
            if (!keep) {
                ArchiveIngestBenchmark.delete(dir);
            }
        }
        System.exit(0);
    }

    /** The windows asked about, from a list of {@code hour}, {@code day} and {@code all}. */
    static List<Long> windows(String names, int days) {
        return java.util.Arrays.stream(names.split(",")).map(String::strip).map(name -> switch (name) {
            case "hour" -> HOUR;
            case "day" -> DAY;
            case "all" -> days * DAY;
            default -> throw new IllegalArgumentException("unknown window '" + name + "' in '" + names
                    + "': give a comma-separated list of hour, day and all");
        }).toList();
    }

    /** The arguments with the engine (the second, if given) left out. */
    static String[] withoutEngine(String[] arguments) {
        if (arguments.length > 1 && ArchiveEngine.isEngine(arguments[1])) {
            String[] rest = new String[arguments.length - 1];
            rest[0] = arguments[0];
            System.arraycopy(arguments, 2, rest, 1, arguments.length - 2);
            return rest;
        }
        return arguments;
    }

    /** One insert per day, generated by the engine; the records spread over the hours up to an hour ago. */
    private static void fill(Figures figures, FlowArchive archive, BulkFlows flows, long records, long first, long now) {
        long hours = (now - HOUR - first) / HOUR;
        long stored = 0;
        long started = System.nanoTime();
        for (long day = first; day < now - HOUR; day += DAY) {
            long span = Math.min(DAY, (now - HOUR - day) / HOUR * HOUR);
            long rows = records * (span / HOUR) / hours;
            if (span <= 0 || rows == 0) {
                continue;
            }
            String query = flows.query((int) (day / DAY), rows, span);
            switch (archive) {
                case DuckDbFlowArchive duckDb -> duckDb.load((int) (day / DAY), query);
                case ClickHouseFlowArchive clickHouse -> clickHouse.load(query);
                default -> throw new IllegalStateException("no bulk load for " + archive);
            }
            stored += rows;
            System.out.printf("  filled %s: %,d records so far%n", java.time.Instant.ofEpochMilli(day), stored);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        figures.record("filling inside the engine: records stored", "%,d in %.0f s (%,.0f records/s)".formatted(stored,
                seconds, stored / seconds));
    }

    private static void ask(Figures figures, FlowArchive archive, BulkFlows flows, int distinct,
            SplittableRandom random, String who, long window, long first, long now, int queries) {
        Latencies latencies = new Latencies();
        long answered = 0;
        for (int round = 0; round < WARM_UP + queries; round++) {
            String address = switch (who) {
                case "popular address" -> BulkFlows.remote(flows.popularRank(random.nextDouble()));
                case "tail address" -> BulkFlows.remote(random.nextInt(distinct));
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
