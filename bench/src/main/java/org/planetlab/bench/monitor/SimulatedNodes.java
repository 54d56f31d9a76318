package org.planetlab.bench.monitor;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.planetlab.api.client.Credentials;
import org.planetlab.api.client.PlcClient;
import org.planetlab.api.client.RequestSigner;
import org.planetlab.api.error.ErrorCategory;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.bench.measure.Latencies;
import org.planetlab.trust.node.NodeRequestSigner;
import org.planetlab.trust.node.PlnodeConfig;
import org.planetlab.trust.node.PlnodeFile;

/**
 * The nodes of {@link MonitorLoadBenchmark}, in a JVM of their own: each reads its plnode.txt
 * from the roster, then every 5 s sends a signed heartbeat and every sixth time a usage report of
 * its two slivers, at an offset of its own in the interval, as agents started at different times
 * do. Latencies are kept from a quarter into the run (at most 30 s), after the burst of every node
 * starting at once and the JIT compiler's first work; refusals and failures are counted throughout.
 * Prints one table cell group: calls measured, p50/p99 of each kind, refused and failed.
 *
 * <p>Usage: {@code SimulatedNodes ROSTER PLC-URI SECONDS}.
 */
public final class SimulatedNodes {
    private static final Duration HEARTBEAT = Duration.ofSeconds(5);
    private static final int USAGE_EVERY = 6;

    public static void main(String[] args) throws Exception {
        List<String> roster = Files.readAllLines(Path.of(args[0]));
        URI plc = URI.create(args[1]);
        long seconds = Long.parseLong(args[2]);
        Clock clock = Clock.systemUTC();
        HttpClient http = HttpClient.newBuilder().executor(Executors.newVirtualThreadPerTaskExecutor()).build();
        Latencies heartbeats = new Latencies();
        Latencies usage = new Latencies();
        AtomicLong refused = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        long started = clock.instant().getEpochSecond();
        long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        long measureFrom = System.nanoTime() + Duration.ofSeconds(Math.min(30, seconds / 4)).toNanos();
        try (ExecutorService nodes = Executors.newVirtualThreadPerTaskExecutor()) {
            for (String line : roster) {
                String[] words = line.split(" ");
                PlnodeConfig config = PlnodeFile.parse(new String(Base64.getDecoder().decode(words[0]), StandardCharsets.UTF_8));
                List<String> slivers = List.of(words[1], words[2]);
                nodes.submit(() -> run(config, slivers, client(plc, config, clock, http), clock, started, deadline, measureFrom,
                        heartbeats, usage, refused, failed));
            }
        }
        System.out.printf("heartbeats %d, p50 / p99 %.1f / %.1f ms | usage reports %d, p50 / p99 %.1f / %.1f ms | refused %d, failed %d",
                heartbeats.count(), heartbeats.percentileMillis(50), heartbeats.percentileMillis(99), usage.count(),
                usage.percentileMillis(50), usage.percentileMillis(99), refused.get(), failed.get());
        System.exit(0);
    }

    private static Void run(PlnodeConfig config, List<String> slivers, PlcClient client, Clock clock, long agentStarted, long deadline,
            long measureFrom, Latencies heartbeats, Latencies usage, AtomicLong refused, AtomicLong failed) throws InterruptedException {
        Thread.sleep(ThreadLocalRandom.current().nextLong(HEARTBEAT.toMillis()));
        long usagePhase = ThreadLocalRandom.current().nextLong(USAGE_EVERY);
        long sequence = 0;
        long usageSequence = 0;
        long next = System.nanoTime();
        while (next < deadline) {
            sequence++;
            long now = clock.instant().getEpochSecond();
            boolean measured = System.nanoTime() >= measureFrom;
            call(client, "ReportHeartbeat", heartbeat(now, agentStarted, sequence), measured ? heartbeats : null, refused, failed);
            if (sequence % USAGE_EVERY == usagePhase) {
                usageSequence++;
                call(client, "ReportUsage", report(now, agentStarted, usageSequence, slivers), measured ? usage : null, refused, failed);
            }
            next += HEARTBEAT.toNanos();
            long wait = next - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(Duration.ofNanos(wait));
            }
        }
        return null;
    }

    /** Makes the call; its latency goes to {@code latencies} unless that is null (before measuring). */
    private static void call(PlcClient client, String method, Map<String, Object> body, Latencies latencies, AtomicLong refused,
            AtomicLong failed) {
        long started = System.nanoTime();
        try {
            client.call(method, body);
            if (latencies != null) {
                latencies.add(System.nanoTime() - started);
            }
        } catch (PlanetLabException e) {
            (e.code().category() == ErrorCategory.INTERNAL ? failed : refused).incrementAndGet();
            if (failed.get() + refused.get() == 1) {
                System.err.println("first refusal or failure: " + e.code() + ": " + e.getMessage());
            }
        } catch (RuntimeException e) {
            failed.incrementAndGet();
        }
    }

    private static Map<String, Object> heartbeat(long now, long agentStarted, long sequence) {
        Map<String, Object> heartbeat = new LinkedHashMap<>();
        heartbeat.put("sent_at", now);
        heartbeat.put("agent_started", agentStarted);
        heartbeat.put("sequence", sequence);
        heartbeat.put("agent_version", "bench");
        heartbeat.put("boot_state", "boot");
        heartbeat.put("run_level", "running");
        heartbeat.put("load", 0.5);
        heartbeat.put("memory_total", 8L << 30);
        heartbeat.put("memory_free", 3L << 30);
        heartbeat.put("disk_total", 500L << 30);
        heartbeat.put("disk_free", 200L << 30);
        heartbeat.put("slivers", 2L);
        heartbeat.put("clock_offset_ms", 0L);
        heartbeat.put("errors", List.of());
        return heartbeat;
    }

    private static Map<String, Object> report(long now, long agentStarted, long sequence, List<String> slivers) {
        List<Map<String, Object>> counters = new ArrayList<>();
        for (String sliver : slivers) {
            Map<String, Object> counter = new LinkedHashMap<>();
            counter.put("name", sliver);
            counter.put("cpu_ns", sequence * 3_000_000_000L);
            counter.put("memory_bytes", 200L << 20);
            counter.put("disk_bytes", 1L << 30);
            counter.put("processes", 12L);
            counter.put("bytes_sent", sequence * 5_000_000L);
            counter.put("packets_sent", sequence * 5_000L);
            counter.put("bytes_received", sequence * 2_000_000L);
            counter.put("packets_received", sequence * 3_000L);
            counters.add(counter);
        }
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("sent_at", now);
        report.put("agent_started", agentStarted);
        report.put("sequence", sequence);
        report.put("slivers", counters);
        return report;
    }

    private static PlcClient client(URI plc, PlnodeConfig config, Clock clock, HttpClient http) {
        NodeRequestSigner signer = NodeRequestSigner.of(config, clock, new SecureRandom());
        RequestSigner headers = (method, target, body) -> Map.of("Authorization", signer.authorization(method, target, body));
        return new PlcClient(plc, new Credentials.Node(config.nodeId()), PlcClient.Encoding.JSON, http, headers, Duration.ofSeconds(60));
    }
}
