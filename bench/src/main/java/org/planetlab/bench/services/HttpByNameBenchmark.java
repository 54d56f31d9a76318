package org.planetlab.bench.services;

import com.sun.management.OperatingSystemMXBean;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.planetlab.bench.measure.Latencies;
import org.planetlab.node.net.http.HttpByName;
import org.planetlab.node.net.http.HttpNames;

/**
 * HTTP on port 80 by name (docs/node-network.md) against the same server reached at its own port,
 * on loopback: requests per second and latency percentiles of keep-alive GETs by {@code CLIENTS}
 * connections for {@code SECONDS} each way, and what share of the direct rate the demux loses. No
 * root needed; the slice's server is the JDK's, answering a small page.
 *
 * <p>Clients, servers and the demux share this process, so the rate is bounded by its CPU; the
 * process's CPU time per request is printed too, because it moves far less than the rate when
 * other work shares the machine. With {@code ROUNDS} above 1 the two paths alternate that many
 * times and each row adds up its rounds, so a burst of outside load falls on both.
 *
 * <p>Arguments: [clients, default 8] [seconds per phase, default 10] [rounds, default 1]. Prints a
 * markdown table.
 */
public final class HttpByNameBenchmark {
    private static final String NODE = "node1.bench.example";
    private static final String SLICE = "bench_web";
    private static final OperatingSystemMXBean PROCESS =
            (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private static final byte[] PAGE = "served by bench_web\n".getBytes(StandardCharsets.US_ASCII);

    private HttpByNameBenchmark() {}

    public static void main(String[] args) throws Exception {
        int clients = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        Duration phase = Duration.ofSeconds(args.length > 1 ? Long.parseLong(args[1]) : 10);
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        InetAddress loopback = InetAddress.getLoopbackAddress();
        HttpServer slice = HttpServer.create(new InetSocketAddress(loopback, 0), 256);
        slice.createContext("/", exchange -> {
            exchange.sendResponseHeaders(200, PAGE.length);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(PAGE);
            }
        });
        slice.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        slice.start();
        int slicePort = slice.getAddress().getPort();
        HttpNames names = new HttpNames(NODE, List.of(loopback.getHostAddress()), () -> List.of(
                new HttpNames.SliceServer(SLICE, Optional.empty(), loopback.getHostAddress(), slicePort, true)));
        try (HttpByName demux = new HttpByName(new InetSocketAddress(loopback, 0), names,
                new InetSocketAddress(loopback, slicePort), HttpByName.Limits.DEFAULT)) {
            int demuxPort = demux.start();
            // Warm both paths (JIT, connection set-up) before measuring.
            run(loopback, slicePort, "localhost", clients, Duration.ofSeconds(2));
            run(loopback, demuxPort, SLICE + "." + NODE, clients, Duration.ofSeconds(2));
            Result direct = new Result(0, 0, 0, 0, new Latencies());
            Result byName = new Result(0, 0, 0, 0, new Latencies());
            for (int round = 0; round < rounds; round++) {
                direct = direct.plus(run(loopback, slicePort, "localhost", clients, phase));
                byName = byName.plus(run(loopback, demuxPort, SLICE + "." + NODE, clients, phase));
            }
            System.out.println("| path | clients | requests/s | p50 ms | p99 ms | CPU µs/request | demux CPU µs/request |");
            System.out.println("|---|---|---|---|---|---|---|");
            System.out.println(direct.row("direct to the slice's port", clients));
            System.out.println(byName.row("port 80 by name (" + SLICE + "." + NODE + ")", clients));
            System.out.printf("%nby name loses %.1f %% of the direct rate%n", 100.0 * (1 - byName.rate() / direct.rate()));
        } finally {
            slice.stop(0);
        }
    }

    /** Requests answered in so many seconds, with the CPU time the process and the demux's threads spent meanwhile. */
    private record Result(long requests, double seconds, long cpuNanos, long demuxCpuNanos, Latencies latencies) {
        double rate() {
            return requests / seconds;
        }

        Result plus(Result other) {
            Latencies both = new Latencies();
            both.addAll(latencies);
            both.addAll(other.latencies);
            return new Result(requests + other.requests, seconds + other.seconds, cpuNanos + other.cpuNanos,
                    demuxCpuNanos + other.demuxCpuNanos, both);
        }

        String row(String path, int clients) {
            return "| %s | %d | %.0f | %.2f | %.2f | %.1f | %.1f |".formatted(path, clients, rate(),
                    latencies.percentileMillis(50), latencies.percentileMillis(99), cpuNanos / 1e3 / requests,
                    demuxCpuNanos / 1e3 / requests);
        }
    }

    /** {@code clients} keep-alive connections, each sending GETs one after another for {@code duration}. */
    private static Result run(InetAddress address, int port, String host, int clients, Duration duration) throws Exception {
        Latencies latencies = new Latencies();
        AtomicLong requests = new AtomicLong();
        long end = System.nanoTime() + duration.toNanos();
        byte[] request = ("GET / HTTP/1.1\r\nHost: " + host + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        long cpuBefore = PROCESS.getProcessCpuTime();
        Map<Long, Long> demuxBefore = demuxCpuNanos();
        try (ExecutorService pool = Executors.newFixedThreadPool(clients)) {
            List<Future<?>> running = new ArrayList<>();
            for (int client = 0; client < clients; client++) {
                running.add(pool.submit(() -> {
                    try (Socket socket = new Socket(address, port)) {
                        socket.setTcpNoDelay(true);
                        socket.setSoTimeout(10_000);
                        InputStream in = socket.getInputStream();
                        OutputStream out = socket.getOutputStream();
                        while (System.nanoTime() < end) {
                            long started = System.nanoTime();
                            out.write(request);
                            out.flush();
                            readResponse(in);
                            latencies.add(System.nanoTime() - started);
                            requests.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> client : running) {
                client.get();
            }
        }
        return new Result(requests.get(), duration.toNanos() / 1e9, PROCESS.getProcessCpuTime() - cpuBefore,
                spentSince(demuxBefore, demuxCpuNanos()), latencies);
    }

    /** The CPU time of each of the demux's threads alive now, by thread id. */
    private static Map<Long, Long> demuxCpuNanos() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<Long, Long> spent = new HashMap<>();
        for (ThreadInfo thread : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (thread != null && thread.getThreadName().startsWith("http-by-name")) {
                spent.put(thread.getThreadId(), Math.max(0, threads.getThreadCpuTime(thread.getThreadId())));
            }
        }
        return spent;
    }

    /** What threads alive at the end spent since the start (a thread that ended meanwhile had idled out of the pool). */
    private static long spentSince(Map<Long, Long> before, Map<Long, Long> after) {
        long total = 0;
        for (Map.Entry<Long, Long> thread : after.entrySet()) {
            total += thread.getValue() - before.getOrDefault(thread.getKey(), 0L);
        }
        return total;
    }

    /** Reads one response with a Content-Length body; fails on anything but 200. */
    private static void readResponse(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int next = in.read();
            if (next < 0) {
                throw new IOException("the server closed the connection after: " + head);
            }
            head.append((char) next);
        }
        String text = head.toString();
        if (!text.startsWith("HTTP/1.1 200")) {
            throw new IOException("not a 200 answer: " + text.lines().findFirst().orElse(""));
        }
        int length = 0;
        for (String line : text.split("\r\n")) {
            if (line.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                length = Integer.parseInt(line.substring(15).strip());
            }
        }
        in.readNBytes(length);
    }
}
