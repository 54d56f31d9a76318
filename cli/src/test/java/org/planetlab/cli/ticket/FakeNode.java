package org.planetlab.cli.ticket;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.planetlab.api.wire.JsonCodec;
import org.planetlab.trust.tls.TlsCertificateAuthority;
import org.planetlab.trust.tls.TlsContexts;

/**
 * A stand-in for a node's ticket endpoint: HTTPS with a certificate from PLC's CA, answering a
 * challenge with {@link #CHALLENGE} and every other call with a fixed status and body, and
 * recording those requests.
 */
final class FakeNode implements AutoCloseable {
    static final String CHALLENGE = "0123456789abcdef0123456789abcdef";
    private final HttpsServer server;
    final List<Map<?, ?>> requests = new CopyOnWriteArrayList<>();

    private FakeNode(HttpsServer server) {
        this.server = server;
    }

    static FakeNode start(TlsCertificateAuthority ca, int port, int status, Map<String, Object> answer) {
        try {
            HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", port), 16);
            server.setHttpsConfigurator(new HttpsConfigurator(TlsContexts.server(ca.issueServerIdentity(List.of("127.0.0.1"),
                    Duration.ofHours(1), org.planetlab.trust.key.KeyAlgorithm.EC_P256), new SecureRandom())));
            FakeNode node = new FakeNode(server);
            server.createContext("/scs/v1/", exchange -> {
                JsonCodec codec = new JsonCodec();
                Map<?, ?> request = (Map<?, ?>) codec.read(exchange.getRequestBody().readAllBytes());
                boolean challenge = exchange.getRequestURI().getPath().endsWith("/Challenge");
                if (!challenge) {
                    node.requests.add(request);
                }
                byte[] body = codec.write(challenge ? Map.of("challenge", CHALLENGE, "node", "127.0.0.1", "expires", 1_900_000_000L) : answer);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(challenge ? 200 : status, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.start();
            return node;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<String, Object> lease(String slice) {
        return Map.of("lease", "<lease>" + slice + "</lease>", "sliver", slice, "login", slice + "@127.0.0.1", "end", 1_900_000_000L,
                "renewed", false);
    }

    static Map<String, Object> refusal(String code, String message) {
        return Map.of("error", Map.of("code", code, "message", message));
    }

    String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
