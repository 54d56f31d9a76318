package org.planetlab.bench.audit;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.SplittableRandom;
import org.planetlab.api.audit.FlowRecord;
import org.planetlab.api.audit.SliceContact;
import org.planetlab.bench.measure.Latencies;
import org.planetlab.node.audit.FlowQuery;
import org.planetlab.node.audit.FlowStore;
import org.planetlab.node.audit.page.AuditPage;
import org.planetlab.node.audit.page.NodeDescription;

/**
 * The node's public audit page over 7 days of one busy node: the flow store filled hour by hour
 * (as the capture appends, sealed at each hour's end), then the page's question asked: a remote
 * address and a moment, searched 10 minutes either side (what the form's {@code time} does), for a
 * popular destination, a rarely reached one and one never reached; and a 7-day range (the widest
 * the page allows). Measured in the store ({@link FlowStore#query}) and through the page itself
 * over HTTP with {@code Accept: application/json} (contacts from a fixed answer, as a cached one).
 *
 * <p>Usage: {@code NodePageBenchmark FIGURES [RECORDS_PER_HOUR [DAYS [QUERIES [DIR]]]]}; defaults
 * 50,000 records an hour, 7 days, 500 queries of each kind; DIR holds the store (default a
 * temporary directory, deleted afterwards).
 */
public final class NodePageBenchmark {
    private static final long HOUR = 3_600_000L;
    private static final int WARM_UP = 30;
    private static final int NODE = 1;

    /** The node's clock, moved by the fill from hour to hour. */
    private static final class SettableClock extends Clock {
        private volatile long millis;

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: NodePageBenchmark FIGURES [RECORDS_PER_HOUR [DAYS [QUERIES [DIR]]]]");
            System.exit(2);
        }
        Path figuresFile = Path.of(args[0]);
        int perHour = args.length > 1 ? Integer.parseInt(args[1]) : 50_000;
        int days = args.length > 2 ? Integer.parseInt(args[2]) : 7;
        int queries = args.length > 3 ? Integer.parseInt(args[3]) : 500;
        Path dir = args.length > 4 ? Path.of(args[4]) : Files.createTempDirectory("bench-audit-page");
        Figures figures = new Figures(figuresFile, "node page query", "records/hour=" + perHour + " days=" + days);
        SyntheticFlows flows = new SyntheticFlows(5, NODE, 40, Math.clamp(perHour * 24L * days / 20, 10_000, 1_000_000));
        SettableClock clock = new SettableClock();
        long now = System.currentTimeMillis();
        long first = now - now % HOUR - days * 24L * HOUR;
        clock.millis = first;
        Duration retention = Duration.ofDays(days);
        try (FlowStore store = new FlowStore(dir.resolve("flows"), clock, retention, Long.MAX_VALUE)) {
            fill(figures, store, clock, flows, first, now, perHour);
            clock.millis = now;
            SplittableRandom random = new SplittableRandom(9);
            for (String who : List.of("popular address", "tail address", "address never seen")) {
                inStore(figures, store, flows, random, who, first, now, queries);
            }
            AuditPage page = new AuditPage(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                    new NodeDescription("node1.bench.test", "Bench Site", "tech@bench.test"), store, retention,
                    ids -> contacts(ids), (flow, name, email, text) -> {
                        throw new IllegalStateException("the benchmark files no complaints");
                    }, 100_000_000, clock);
            page.start();
            try {
                HttpClient http = HttpClient.newHttpClient();
                for (String who : List.of("popular address", "tail address", "address never seen")) {
                    throughPage(figures, http, page.port(), flows, random, who, first, now, queries);
                }
            } finally {
                page.close();
            }
        } finally {
            if (args.length <= 4) {
                ArchiveIngestBenchmark.delete(dir);
            }
        }
        System.exit(0);
    }

    private static void fill(Figures figures, FlowStore store, SettableClock clock, SyntheticFlows flows, long first,
            long now, int perHour) {
        long started = System.nanoTime();
        long written = 0;
        for (long hour = first; hour + HOUR <= now; hour += HOUR) {
            // Written near the hour's end, as the capture writes flows when they end.
            clock.millis = hour + HOUR - 60_000;
            int count = (int) Math.round(perHour * SyntheticFlows.diurnal((int) (hour / HOUR % 24)));
            List<FlowRecord> chunk = new ArrayList<>();
            for (int index = 0; index < count; index++) {
                chunk.add(flows.flow(NODE, hour));
                if (chunk.size() == 5_000) {
                    store.append(chunk);
                    chunk.clear();
                }
            }
            store.append(chunk);
            written += count;
        }
        figures.record("filling: records written", "%,d in %.0f s, store %,d MB".formatted(written,
                (System.nanoTime() - started) / 1e9, store.sizeBytes() >> 20));
    }

    private static String address(String who, SyntheticFlows flows, SplittableRandom random) {
        return switch (who) {
            case "popular address" -> flows.remote(flows.popularRank());
            case "tail address" -> flows.remote(flows.uniformRank());
            default -> "198.18." + random.nextInt(256) + "." + (1 + random.nextInt(254));
        };
    }

    private static void inStore(Figures figures, FlowStore store, SyntheticFlows flows, SplittableRandom random,
            String who, long first, long now, int queries) {
        Latencies moment = new Latencies();
        Latencies week = new Latencies();
        long found = 0;
        for (int round = 0; round < WARM_UP + queries; round++) {
            String address = address(who, flows, random);
            long time = first + 600_000 + random.nextLong(now - first - 1_200_000);
            long started = System.nanoTime();
            found += store.query(new FlowQuery(address, time - 600_000, time + 600_000, OptionalInt.empty(),
                    OptionalInt.empty(), 500)).size();
            if (round >= WARM_UP) {
                moment.add(System.nanoTime() - started);
            }
            if (round % 10 == 0) {
                started = System.nanoTime();
                store.query(new FlowQuery(address, first, now, OptionalInt.empty(), OptionalInt.empty(), 500));
                if (round >= WARM_UP) {
                    week.add(System.nanoTime() - started);
                }
            }
        }
        figures.record("store, " + who + ", time +-10 min: p50 / p99 / max", moment.summary()
                + ", %.1f flows per answer".formatted((double) found / (WARM_UP + queries)));
        figures.record("store, " + who + ", whole retention: p50 / p99 / max", week.summary());
    }

    private static void throughPage(Figures figures, HttpClient http, int port, SyntheticFlows flows,
            SplittableRandom random, String who, long first, long now, int queries) throws Exception {
        Latencies latencies = new Latencies();
        for (int round = 0; round < WARM_UP + queries; round++) {
            String address = address(who, flows, random);
            long time = (first + 600_000 + random.nextLong(now - first - 1_200_000)) / 1000;
            URI uri = URI.create("http://127.0.0.1:" + port + "/?remote=" + URLEncoder.encode(address,
                    StandardCharsets.UTF_8) + "&time=" + time);
            HttpRequest request = HttpRequest.newBuilder(uri).header("Accept", "application/json").build();
            long started = System.nanoTime();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (round >= WARM_UP) {
                latencies.add(System.nanoTime() - started);
            }
            if (response.statusCode() != 200) {
                throw new IllegalStateException("the page answered " + response.statusCode() + ": " + response.body());
            }
        }
        figures.record("page over HTTP (JSON), " + who + ", time +-10 min: p50 / p99 / max", latencies.summary());
    }

    private static Map<Integer, SliceContact> contacts(java.util.Collection<Integer> sliceIds) {
        Map<Integer, SliceContact> answer = new HashMap<>();
        for (int id : sliceIds) {
            answer.put(id, new SliceContact(id, "slice" + id, "An experiment", "https://example.org/", "Bench Site",
                    List.of("A User"), List.of("A Pi"), List.of("A Tech")));
        }
        return answer;
    }
}
