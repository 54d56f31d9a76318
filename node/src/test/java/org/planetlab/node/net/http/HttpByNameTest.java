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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
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
    /** The relays the front reported, each with whether it has said the relay closed. */
    private final List<Relay> relays = new CopyOnWriteArrayList<>();
    /** Whether looking the slices' servers up fails, as a port table that cannot be read does. */
    private final AtomicBoolean lookupFails = new AtomicBoolean();
    private HttpByName front;
    private int port;

    @BeforeEach
    void start() throws IOException {
        InetSocketAddress page = backend("the node's audit page");
        slices.add(new SliceServer("alpha_web", Optional.of("www.alpha.org"), "127.0.0.1", backend("alpha").getPort(), true));
        slices.add(new SliceServer("beta_web", Optional.empty(), "127.0.0.1", backend("beta").getPort(), true));
        slices.add(new SliceServer("gamma_web", Optional.empty(), "127.0.0.1", backend("gamma").getPort(), false));
        HttpNames names = new HttpNames(NODE, List.of("127.0.0.1"), () -> {
            if (lookupFails.get()) {
                throw new java.io.UncheckedIOException(new IOException("cannot read the port table"));
            }
            return List.copyOf(slices);
        });
        front = new HttpByName(new InetSocketAddress("127.0.0.1", 0), names, page,
                new HttpByName.Limits(4096, 4, Duration.ofSeconds(1), Duration.ofSeconds(5)), (client, reached, from, server) -> {
                    Relay relay = new Relay(client, reached, from, server, new AtomicBoolean());
                    relays.add(relay);
                    return () -> relay.closed().set(true);
                });
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

    @Test
    void bodiesPassAsFramedAndEachRequestNamesItsClient() throws IOException {
        String chunked = "POST /echo HTTP/1.1\r\nHost: alpha_web." + NODE + "\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5;note=x\r\nhello\r\n7\r\n, world\r\n0\r\n\r\n";
        String sized = "POST /echo HTTP/1.1\r\nHost: alpha_web." + NODE + "\r\nContent-Length: 4\r\n"
                + "Forwarded: for=203.0.113.9\r\n\r\nbody";
        String last = "GET /echo HTTP/1.1\r\nHost: www.alpha.org\r\nConnection: close\r\n\r\n";
        // Three requests on one connection, sent at once: three answers, in order, each with the client named last.
        String answers = exchange(chunked + sized + last);
        assertThat(answers.split("HTTP/1.1 200", -1)).hasSize(4);
        assertThat(answers).contains("alpha POST hello, world [for=127.0.0.1;proto=http]")
                .contains("alpha POST body [for=203.0.113.9, for=127.0.0.1;proto=http]")
                .contains("alpha GET  [for=127.0.0.1;proto=http]");
        assertThat(answers.indexOf("hello, world")).isLessThan(answers.indexOf("POST body")).isLessThan(answers.indexOf("GET  "));
    }

    @Test
    void headsThatCouldBeReadTwoWaysAreRefused() throws IOException {
        String host = "Host: alpha_web." + NODE + "\r\n";
        assertThat(exchange("POST /echo HTTP/1.1\r\n" + host + "Content-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"))
                .startsWith("HTTP/1.1 400").contains("both Content-Length and Transfer-Encoding");
        assertThat(exchange("POST /echo HTTP/1.1\r\n" + host + "Content-Length: 4\r\nContent-Length: 5\r\n\r\nbody"))
                .startsWith("HTTP/1.1 400").contains("Content-Length");
        assertThat(exchange("POST /echo HTTP/1.1\r\n" + host + "Transfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n"))
                .startsWith("HTTP/1.1 501");
        assertThat(exchange("GET / HTTP/1.1\r\n" + host + "X-Folded: a\r\n b\r\n\r\n")).startsWith("HTTP/1.1 400").contains("folded");
        assertThat(exchange("GET / HTTP/1.1\r\n" + host + "X-Bare: a\nHost: beta_web." + NODE + "\r\n\r\n"))
                .startsWith("HTTP/1.1 400");
        assertThat(exchange("GET / HTTP/1.1\r\n" + host + host + "\r\n")).startsWith("HTTP/1.1 400").contains("more than one Host");
        assertThat(exchange("GET / HTTP/1.1\r\nConnection: close\r\n\r\n")).startsWith("HTTP/1.1 400").contains("without a Host");
        assertThat(exchange("GET / HTTP/2.0\r\n" + host + "\r\n")).startsWith("HTTP/1.1 505");
        assertThat(exchange("GET http://beta_web." + NODE + "/x HTTP/1.1\r\n" + host + "Connection: close\r\n\r\n"))
                .as("an absolute target's authority chooses the server").startsWith("HTTP/1.1 200").endsWith("beta");
        // The front still serves well-formed requests.
        assertThat(get("alpha_web." + NODE)).startsWith("HTTP/1.1 200").endsWith("alpha");
    }

    @Test
    void aConnectionStaysWithItsServerAndEndsWhenAskedForAnother() throws IOException {
        String answers = exchange("GET / HTTP/1.1\r\nHost: alpha_web." + NODE + "\r\n\r\n"
                + "GET / HTTP/1.1\r\nHost: beta_web." + NODE + "\r\n\r\n");
        assertThat(answers).startsWith("HTTP/1.1 200").endsWith("alpha").doesNotContain("beta");
    }

    @Test
    void eachConnectionToASliceIsReportedWithItsClientUntilItCloses() throws IOException {
        String answer;
        int clientPort;
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            clientPort = socket.getLocalPort();
            socket.getOutputStream().write(("GET /from HTTP/1.1\r\nHost: alpha_web." + NODE + "\r\n\r\n"
                    + "GET /from HTTP/1.1\r\nHost: www.alpha.org\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(answer.split("HTTP/1.1 200", -1)).as("two answers on one connection").hasSize(3);
        assertThat(relays).as("one connection to the slice, one relay").hasSize(1);
        Relay relay = relays.getFirst();
        assertThat(relay.client()).isEqualTo(new InetSocketAddress("127.0.0.1", clientPort));
        assertThat(relay.reached()).isEqualTo(new InetSocketAddress("127.0.0.1", port));
        assertThat(answer).as("the slice's server saw the connection the front reported")
                .endsWith("from 127.0.0.1:" + relay.from().getPort());
        assertThat(relay.server().getPort()).isEqualTo(slices.getFirst().port());
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!relay.closed().get() && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
        assertThat(relay.closed()).as("reported closed once the connection ended").isTrue();

        assertThat(get(NODE)).startsWith("HTTP/1.1 200");
        assertThat(relays).as("the node's own page is no slice's flow").hasSize(1);
    }

    @Test
    void aHeadSentAByteAtATimeIsRelayedWhole() throws Exception {
        byte[] request = ("POST /echo HTTP/1.1\r\nHost: alpha_web." + NODE + "\r\nContent-Length: 5\r\n"
                + "Connection: close\r\n\r\nhello").getBytes(StandardCharsets.US_ASCII);
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.setTcpNoDelay(true);
            OutputStream out = socket.getOutputStream();
            for (byte b : request) {
                out.write(b);
                out.flush();
                Thread.sleep(2);
            }
            assertThat(new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                    .startsWith("HTTP/1.1 200").endsWith("alpha POST hello [for=127.0.0.1;proto=http]");
        }
    }

    @Test
    void largeBodiesPassBothWaysWhole() throws Exception {
        byte[] body = new byte[6 * 1024 * 1024 + 7];
        new java.util.Random(12).nextBytes(body);
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            // By length, then chunked, on one connection; the answers are read only after a pause, so the
            // server's answer waits on the client for a while.
            out.write(("PUT /raw HTTP/1.1\r\nHost: alpha_web." + NODE + "\r\nContent-Length: " + body.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            Thread.sleep(300);
            assertThat(readAnswerBody(in)).as("the body by length, echoed").isEqualTo(body);
            out.write(("PUT /raw HTTP/1.1\r\nHost: alpha_web." + NODE + "\r\nTransfer-Encoding: chunked\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            for (int from = 0; from < body.length; from += 100_000) {
                int length = Math.min(100_000, body.length - from);
                out.write((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(body, from, length);
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(readAnswerBody(in)).as("the chunked body, echoed").isEqualTo(body);
        }
    }

    @Test
    void manyConnectionsAtOnceEachGetTheirOwnAnswers() throws Exception {
        HttpNames names = new HttpNames(NODE, List.of("127.0.0.1"), () -> List.copyOf(slices));
        try (HttpByName wide = new HttpByName(new InetSocketAddress("127.0.0.1", 0), names, backends.getFirst().getAddress(),
                new HttpByName.Limits(4096, 64, Duration.ofSeconds(5), Duration.ofSeconds(5)), RelayListener.NONE, 2)) {
            int widePort = wide.start();
            int clients = 100;
            try (var pool = java.util.concurrent.Executors.newFixedThreadPool(clients)) {
                List<java.util.concurrent.Future<String>> answers = new ArrayList<>();
                for (int client = 0; client < clients; client++) {
                    String name = client % 2 == 0 ? "alpha_web." + NODE : "beta_web." + NODE;
                    int number = client;
                    answers.add(pool.submit(() -> {
                        StringBuilder seen = new StringBuilder();
                        try (Socket socket = new Socket("127.0.0.1", widePort)) {
                            socket.setSoTimeout(10_000);
                            for (int request = 0; request < 5; request++) {
                                String body = "client " + number + " request " + request;
                                socket.getOutputStream().write(("POST /echo HTTP/1.1\r\nHost: " + name + "\r\nContent-Length: "
                                        + body.length() + "\r\n\r\n" + body).getBytes(StandardCharsets.US_ASCII));
                                seen.append(new String(readAnswerBody(socket.getInputStream()), StandardCharsets.UTF_8)).append('|');
                            }
                        }
                        return seen.toString();
                    }));
                }
                for (int client = 0; client < clients; client++) {
                    String server = client % 2 == 0 ? "alpha" : "beta";
                    StringBuilder expected = new StringBuilder();
                    for (int request = 0; request < 5; request++) {
                        expected.append(server).append(" POST client ").append(client).append(" request ").append(request)
                                .append(" [for=127.0.0.1;proto=http]|");
                    }
                    assertThat(answers.get(client).get(30, TimeUnit.SECONDS)).isEqualTo(expected.toString());
                }
            }
        }
    }

    @Test
    void aServerThatClosesMidAnswerEndsTheClientsConnection() throws Exception {
        try (java.net.ServerSocket broken = new java.net.ServerSocket(0, 4, java.net.InetAddress.getLoopbackAddress())) {
            slices.add(new SliceServer("delta_web", Optional.empty(), "127.0.0.1", broken.getLocalPort(), true));
            Thread server = Thread.ofPlatform().start(() -> {
                try (Socket connection = broken.accept()) {
                    InputStream in = connection.getInputStream();
                    StringBuilder head = new StringBuilder();
                    while (!head.toString().endsWith("\r\n\r\n")) {
                        head.append((char) in.read());
                    }
                    connection.getOutputStream().write("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nhalf"
                            .getBytes(StandardCharsets.US_ASCII));
                } catch (IOException e) {
                    // the test fails on what the client sees
                }
            });
            long started = System.nanoTime();
            assertThat(exchange("GET / HTTP/1.1\r\nHost: delta_web." + NODE + "\r\n\r\n"))
                    .isEqualTo("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nhalf");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("ended with the server, not by a timeout")
                    .isLessThan(Duration.ofMillis(900));
            server.join();
        }
    }

    @Test
    void aClientThatClosesItsSideStillGetsItsAnswers() throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET / HTTP/1.1\r\nHost: alpha_web." + NODE + "\r\n\r\n"
                    + "GET / HTTP/1.1\r\nHost: www.alpha.org\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            socket.shutdownOutput();
            String answers = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(answers.split("HTTP/1.1 200", -1)).as("both answers, then the end").hasSize(3);
        }
    }

    @Test
    void connectionsAboveTheLimitWaitUntilOneCloses() throws IOException {
        List<Socket> held = new ArrayList<>();
        try {
            for (int index = 0; index < 4; index++) {
                Socket socket = new Socket("127.0.0.1", port);
                socket.setSoTimeout(10_000);
                socket.getOutputStream().write(("GET / HTTP/1.1\r\nHost: alpha_web." + NODE + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                assertThat(new String(readAnswerBody(socket.getInputStream()), StandardCharsets.UTF_8)).isEqualTo("alpha");
                held.add(socket);
            }
            try (Socket waiting = new Socket("127.0.0.1", port)) {
                waiting.getOutputStream().write(("GET / HTTP/1.1\r\nHost: beta_web." + NODE + "\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                waiting.setSoTimeout(300);
                InputStream in = waiting.getInputStream();
                org.junit.jupiter.api.Assertions.assertThrows(SocketTimeoutException.class, in::read,
                        "the fifth connection is not served while four are open");
                held.removeFirst().close();
                waiting.setSoTimeout(10_000);
                assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).startsWith("HTTP/1.1 200").endsWith("beta");
            }
        } finally {
            for (Socket socket : held) {
                socket.close();
            }
        }
    }

    @Test
    void aLookupThatFailsEndsItsConnectionAndNoOther() throws IOException {
        try (Socket resting = new Socket("127.0.0.1", port)) {
            resting.setSoTimeout(10_000);
            resting.getOutputStream().write(("GET / HTTP/1.1\r\nHost: alpha_web." + NODE + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            assertThat(new String(readAnswerBody(resting.getInputStream()), StandardCharsets.UTF_8)).isEqualTo("alpha");

            lookupFails.set(true);
            assertThat(get("beta_web." + NODE)).as("closed without an answer").isEmpty();
            lookupFails.set(false);

            resting.getOutputStream().write(("GET / HTTP/1.1\r\nHost: alpha_web." + NODE + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            assertThat(new String(readAnswerBody(resting.getInputStream()), StandardCharsets.UTF_8))
                    .as("a connection open meanwhile still relays").isEqualTo("alpha");
        }
        assertThat(get("beta_web." + NODE)).startsWith("HTTP/1.1 200").endsWith("beta");
    }

    /** The body of one answer with a Content-Length, after checking it is a 200. */
    private static byte[] readAnswerBody(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int next = in.read();
            if (next < 0) {
                throw new IOException("the connection ended after: " + head);
            }
            head.append((char) next);
        }
        assertThat(head.toString()).startsWith("HTTP/1.1 200");
        long length = head.toString().lines().filter(line -> line.regionMatches(true, 0, "Content-Length:", 0, 15))
                .mapToLong(line -> Long.parseLong(line.substring(15).strip())).findFirst().orElseThrow();
        return in.readNBytes((int) length);
    }

    private record Relay(InetSocketAddress client, InetSocketAddress reached, InetSocketAddress from,
            InetSocketAddress server, AtomicBoolean closed) {}

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
        server.createContext("/from", exchange -> {
            InetSocketAddress from = exchange.getRemoteAddress();
            byte[] body = ("from " + from.getAddress().getHostAddress() + ":" + from.getPort()).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.createContext("/raw", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.createContext("/echo", exchange -> {
            byte[] body = (name + " " + exchange.getRequestMethod() + " "
                    + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8) + " "
                    + exchange.getRequestHeaders().get("Forwarded")).getBytes(StandardCharsets.UTF_8);
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
