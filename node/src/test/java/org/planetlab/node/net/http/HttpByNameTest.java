package org.planetlab.node.net.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.planetlab.node.net.http.HttpNames.SliceServer;

/**
 * Port 80 by name over loopback: three real HTTP servers stand for the node's page and two
 * slices' servers; requests written by hand (to set any Host) reach the right one and no other,
 * unknown names and slices without their port are refused, and oversized or slow requests are cut.
 */
class HttpByNameTest {
    private static final String NODE = "node1.example.org";

    private final List<HttpServer> backends = new ArrayList<>();
    private final List<SliceServer> slices = new CopyOnWriteArrayList<>();
    private HttpByName front;
    private int port;

    @BeforeEach
    void start() throws IOException {
        InetSocketAddress page = backend("the node's audit page");
        slices.add(new SliceServer("alpha_web", Optional.of("www.alpha.org"), "127.0.0.1", backend("alpha").getPort(), true));
        slices.add(new SliceServer("beta_web", Optional.empty(), "127.0.0.1", backend("beta").getPort(), true));
        slices.add(new SliceServer("gamma_web", Optional.empty(), "127.0.0.1", backend("gamma").getPort(), false));
        HttpNames names = new HttpNames(NODE, List.of("127.0.0.1"), () -> List.copyOf(slices));
        front = new HttpByName(new InetSocketAddress("127.0.0.1", 0), names, page,
                new HttpByName.Limits(4096, 4, Duration.ofSeconds(1), Duration.ofSeconds(5), 8));
        port = front.start();
    }

    @AfterEach
    void stop() {
        if (front != null) {
            front.close();
        }
        backends.forEach(server -> server.stop(0));
    }

    @Test
    void eachNameReachesItsOwnServerAndTheNodeKeepsItsPage() throws IOException {
        assertThat(get("alpha_web." + NODE)).startsWith("HTTP/1.1 200").endsWith("alpha");
        assertThat(get("alpha-web." + NODE + ":80")).startsWith("HTTP/1.1 200").endsWith("alpha");
        assertThat(get("www.alpha.org")).startsWith("HTTP/1.1 200").endsWith("alpha");
        assertThat(get("Beta_Web." + NODE + ".")).startsWith("HTTP/1.1 200").endsWith("beta");
        assertThat(get(NODE)).startsWith("HTTP/1.1 200").endsWith("the node's audit page");
        assertThat(get("127.0.0.1:" + port)).startsWith("HTTP/1.1 200").endsWith("the node's audit page");

        assertThat(get("delta_web." + NODE)).startsWith("HTTP/1.1 404").contains("No HTTP service named delta_web." + NODE);
        assertThat(get("www.beta.org")).startsWith("HTTP/1.1 404");
        assertThat(get("alpha_web.node2.example.org")).startsWith("HTTP/1.1 404");
        assertThat(get("gamma_web." + NODE)).startsWith("HTTP/1.1 503").contains("does not hold port");

        // A slice gone from the node is refused at the next request.
        slices.removeIf(slice -> slice.slice().equals("alpha_web"));
        assertThat(get("www.alpha.org")).startsWith("HTTP/1.1 404");
    }

    @Test
    void hugeHeadersAreRefusedAndSlowClientsCut() throws IOException {
        String huge = "X-Padding: " + "a".repeat(8192) + "\r\n";
        assertThat(exchange("GET / HTTP/1.1\r\nHost: alpha_web." + NODE + "\r\n" + huge + "Connection: close\r\n\r\n"))
                .startsWith("HTTP/1.1 431");

        // As many slow clients as the front takes connections, each sending half a request.
        List<Socket> slow = new ArrayList<>();
        try {
            for (int index = 0; index < 4; index++) {
                Socket socket = new Socket("127.0.0.1", port);
                socket.getOutputStream().write(("GET / HTTP/1.1\r\nHost: alpha_web." + NODE + "\r\nX-Slow: ")
                        .getBytes(StandardCharsets.US_ASCII));
                slow.add(socket);
            }
            for (Socket socket : slow) {
                socket.setSoTimeout(10_000);
                long started = System.nanoTime();
                InputStream in = socket.getInputStream();
                while (in.read() >= 0) {
                    // whatever the front answers before closing
                }
                assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
            }
        } finally {
            for (Socket socket : slow) {
                socket.close();
            }
        }
        // The front still answers once the slow connections are gone.
        assertThat(get("alpha_web." + NODE)).startsWith("HTTP/1.1 200").endsWith("alpha");
    }

    private String get(String host) throws IOException {
        return exchange("GET /index.html?x=1 HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n");
    }

    private String exchange(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            try {
                return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (SocketTimeoutException e) {
                throw new IOException("no answer within 10 s to " + request.lines().findFirst().orElse(""), e);
            }
        }
    }

    private InetSocketAddress backend(String name) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        server.createContext("/", exchange -> {
            byte[] body = name.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        backends.add(server);
        return server.getAddress();
    }
}
