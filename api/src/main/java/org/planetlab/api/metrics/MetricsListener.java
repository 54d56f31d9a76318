package org.planetlab.api.metrics;

import static java.util.Objects.requireNonNull;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * Serves {@code GET /metrics} (Prometheus text format) on a listener of its own, apart from the
 * API: it is bound to the address the operator configures (loopback by default, or a management
 * network), so that who may read the metrics is decided by where they are served, and the page
 * holds only counts, sizes and durations labelled by names from a closed set, never a secret.
 */
public final class MetricsListener implements AutoCloseable {
    /** What Prometheus asks for in its text exposition format 0.0.4. */
    private static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final HttpServer server;
    private final ExecutorService executor;

    private MetricsListener(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * Starts serving {@code scrape} at {@code address} (port 0: any free port).
     *
     * @param name names the listener's thread, e.g. plc-metrics
     */
    public static MetricsListener start(InetSocketAddress address, Supplier<String> scrape, String name) {
        requireNonNull(address, "address is null");
        requireNonNull(scrape, "scrape is null");
        HttpServer server;
        try {
            server = HttpServer.create(address, 16);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen for metrics on " + address + ": " + e.getMessage(), e);
        }
        ExecutorService executor = Executors.newSingleThreadExecutor(Thread.ofPlatform().name(name).daemon().factory());
        server.setExecutor(executor);
        server.createContext("/", exchange -> answer(exchange, scrape));
        server.start();
        return new MetricsListener(server, executor);
    }

    private static void answer(HttpExchange exchange, Supplier<String> scrape) throws IOException {
        try (exchange) {
            if (!exchange.getRequestURI().getPath().equals("/metrics")) {
                send(exchange, 404, "only /metrics is served here\n");
            } else if (!exchange.getRequestMethod().equals("GET")) {
                exchange.getResponseHeaders().set("Allow", "GET");
                send(exchange, 405, "use GET\n");
            } else {
                exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
                send(exchange, 200, scrape.get());
            }
        }
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** The address it listens on, with the port chosen. */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    /** Reads {@code HOST:PORT} (an IPv6 host in brackets) of a configuration key. */
    public static InetSocketAddress parse(String key, String text) {
        int colon = text.lastIndexOf(':');
        String host = colon > 0 ? text.substring(0, colon) : "";
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = colon > 0 ? Integer.parseInt(text.substring(colon + 1)) : -1;
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (host.isEmpty() || port < 0 || port > 65_535) {
            throw org.planetlab.api.error.PlanetLabException.invalidArgument(key + ": '" + text
                    + "' is not HOST:PORT (e.g. 127.0.0.1:9105; port 0 picks a free one)");
        }
        return new InetSocketAddress(host, port);
    }
}
