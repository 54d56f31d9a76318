package org.planetlab.cli.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * A test double of PLC's JSON endpoint that answers every call with one fixed answer, for the
 * failures a real PLC cannot be made to produce on demand (an internal error, being unavailable,
 * an HTML error page).
 */
public final class FakePlc implements AutoCloseable {
    private final HttpServer server;

    private FakePlc(HttpServer server) {
        this.server = server;
    }

    /** Answers every request with HTTP {@code status} and {@code {"error": {"code": code, ...}}}. */
    public static FakePlc failingWith(int status, String code, String message) {
        return answering(status, "application/json",
                "{\"error\": {\"code\": \"" + code + "\", \"fault_code\": 111, \"message\": \"" + message + "\"}}");
    }

    /** Answers every request with HTTP {@code status} and this body, e.g. an HTML error page. */
    public static FakePlc answering(int status, String contentType, String text) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            byte[] body = text.getBytes(StandardCharsets.UTF_8);
            server.createContext("/", exchange -> {
                exchange.getRequestBody().readAllBytes();
                exchange.getResponseHeaders().add("Content-Type", contentType);
                exchange.sendResponseHeaders(status, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.start();
            return new FakePlc(server);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
