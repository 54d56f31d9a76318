package org.planetlab.plc.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.planetlab.api.wire.XmlRpcReader;
import org.planetlab.api.wire.XmlRpcResponse;
import org.planetlab.plc.testing.StoreKind;
import org.planetlab.plc.testing.TestingPlc;

/**
 * What a client can make the server say: refusals in the project's words, never the names of
 * the libraries' switches and limits (which tell an attacker what runs here and how it is
 * tuned), no server version, and nothing the client sent echoed onto the server's stderr.
 */
class EdgeMessagesTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** Words that only the libraries underneath use. */
    private static final List<String> INTERNALS = List.of("Feature", "StreamRead", "JsonRead", "ALLOW_", "JAXP",
            "jdk.xml", "fasterxml", "Jackson", "jackson", "getMax", "javax.", "org.", "Exception", "`", "Jetty", "jetty",
            "12.1");
    private static TestingPlc testing;

    @BeforeAll
    static void start() {
        testing = TestingPlc.start(StoreKind.SQLITE);
    }

    @AfterAll
    static void stop() {
        testing.close();
    }

    @Test
    void hostileJsonIsRefusedInTheProjectsWords() throws Exception {
        Map<String, String> bodies = new LinkedHashMap<>();
        bodies.put("{/* a comment */}", "comments are not JSON");
        bodies.put("{\"site_filter\": 1} // trailing", "comments are not JSON");
        bodies.put("{'site_filter': 1}", "invalid JSON");
        bodies.put("{site_filter: 1}", "invalid JSON");
        bodies.put("{\"site_filter\": NaN}", "invalid JSON");
        bodies.put("{\"site_filter\": 01}", "invalid JSON");
        bodies.put("{\"site_filter\": +1}", "invalid JSON");
        bodies.put("{\"site_filter\": .5}", "invalid JSON");
        bodies.put("{\"site_filter\": [1,]}", "invalid JSON");
        bodies.put("{\"site_filter\": \"a\tb\"}", "invalid JSON");
        bodies.put("{\"site_filter\": \"\\q\"}", "invalid JSON");
        bodies.put("{\"site_filter\": " + "[".repeat(50) + "]".repeat(50) + "}", "nested more than 32 deep");
        bodies.put("{\"site_filter\": 1" + "0".repeat(500) + "}", "more than 400 digits");
        bodies.put("{\"site_filter\": 1.5e" + "9".repeat(500) + "}", "more than 400 digits");
        List<String> problems = new ArrayList<>();
        String stderr = capturingStderr(() -> {
            for (Map.Entry<String, String> body : bodies.entrySet()) {
                HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(testing.uri().resolve("/api/v1/GetSites"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body.getKey())).build(), HttpResponse.BodyHandlers.ofString());
                check(body.getKey(), answer.statusCode() >= 400 && answer.statusCode() < 500, answer.body(),
                        body.getValue(), problems);
            }
        });
        assertThat(problems).isEmpty();
        assertThat(stderr).isEmpty();
    }

    @Test
    void hostileXmlIsRefusedInTheProjectsWordsAndNothingReachesStderr() throws Exception {
        Map<byte[], String> bodies = new LinkedHashMap<>();
        String open = "<methodCall><methodName>GetSites</methodName><params><param><value>";
        bodies.put(bytes(open + "<array><data><value>".repeat(120) + "1"), "depth");
        bodies.put(bytes("<methodCall" + " a%d=\"x\"".repeat(300).formatted(sequence(300)) + "/>"), "attributes");
        bodies.put(bytes("<methodCall><" + "n".repeat(2_000) + "/></methodCall>"), "name");
        bodies.put(new byte[] {'<', 'm', (byte) 0xff, (byte) 0xfe, '>'}, "not well-formed XML");
        bodies.put(new byte[] {'<', 'm', 'e', '>', (byte) 0xc0, (byte) 0xaf, '<', '/', 'm', 'e', '>'}, "not well-formed XML");
        bodies.put(bytes("<?xml version=\"1.0\" encoding=\"no-such-charset\"?><methodCall/>"), "not well-formed XML");
        bodies.put(bytes("<methodCall><methodName>&bogus;</methodName></methodCall>"), "not well-formed XML");
        List<String> problems = new ArrayList<>();
        String stderr = capturingStderr(() -> {
            for (Map.Entry<byte[], String> body : bodies.entrySet()) {
                HttpResponse<byte[]> answer = HTTP.send(HttpRequest.newBuilder(testing.uri().resolve("/PLCAPI/"))
                        .header("Content-Type", "text/xml").POST(HttpRequest.BodyPublishers.ofByteArray(body.getKey()))
                        .build(), HttpResponse.BodyHandlers.ofByteArray());
                XmlRpcResponse response = new XmlRpcReader().readResponse(answer.body());
                String label = new String(body.getKey(), 0, Math.min(60, body.getKey().length), StandardCharsets.ISO_8859_1);
                String message = response instanceof XmlRpcResponse.Fault fault ? fault.faultString() : response.toString();
                check(label, response instanceof XmlRpcResponse.Fault, message, body.getValue(), problems);
            }
        });
        assertThat(problems).isEmpty();
        assertThat(stderr).isEmpty();
    }

    @Test
    void theServerNamesNoVersionInHeadersOrErrorPages() throws Exception {
        HttpResponse<String> healthy = HTTP.send(HttpRequest.newBuilder(testing.uri().resolve("/healthz")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(healthy.headers().firstValue("Server")).isEmpty();
        assertThat(healthy.headers().firstValue("X-Powered-By")).isEmpty();
        List<String> problems = new ArrayList<>();
        for (String request : List.of("GET /%zz HTTP/1.1\r\nHost: x\r\n\r\n",
                "GET /api/v1/ HTTP/1.1\r\nHost: x\r\nBad Header: y\r\n\r\n",
                "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Long: " + "a".repeat(20_000) + "\r\n\r\n",
                "GET /../../etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n",
                "BREW /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n",
                "GET /healthz HTTP/9.9\r\nHost: x\r\n\r\n")) {
            String answer = raw(request);
            String label = request.substring(0, Math.min(40, request.length())).replace("\r\n", " ");
            if (!answer.startsWith("HTTP/1.1 4") && !answer.startsWith("HTTP/1.1 505")) {
                problems.add(label + ": expected a refusal, got " + firstLine(answer));
            }
            if (answer.toLowerCase(java.util.Locale.ROOT).contains("\nserver:")) {
                problems.add(label + ": sends a Server header");
            }
            for (String internal : INTERNALS) {
                if (answer.contains(internal)) {
                    problems.add(label + ": answer names \"" + internal + "\": " + answer);
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    private static void check(String label, boolean refused, String message, String expected, List<String> problems) {
        if (!refused || !message.contains(expected)) {
            problems.add(label + ": expected a refusal saying \"" + expected + "\", got " + message);
        }
        for (String internal : INTERNALS) {
            if (message.contains(internal)) {
                problems.add(label + ": message names \"" + internal + "\": " + message);
            }
        }
    }

    private static String raw(String request) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", testing.plc().port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            try {
                for (int read; (read = in.read(buffer)) >= 0 && answer.size() < 65_536; ) {
                    answer.write(buffer, 0, read);
                    if (answer.toString(StandardCharsets.ISO_8859_1).contains("\r\n\r\n") && complete(answer)) {
                        break;
                    }
                }
            } catch (java.net.SocketException reset) {
                // The server may close hard after its answer; what arrived is what counts.
            }
            return answer.toString(StandardCharsets.ISO_8859_1);
        }
    }

    /** Whether the answer's body has arrived, as far as its Content-Length says. */
    private static boolean complete(ByteArrayOutputStream answer) {
        String text = answer.toString(StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        for (String line : text.substring(0, end).split("\r\n")) {
            if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                return text.length() - end - 4 >= Integer.parseInt(line.substring(15).strip());
            }
        }
        return false;
    }

    private static String firstLine(String text) {
        int end = text.indexOf('\r');
        return end < 0 ? text : text.substring(0, end);
    }

    private interface Requests {
        void run() throws Exception;
    }

    private static String capturingStderr(Requests requests) throws Exception {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            requests.run();
        } finally {
            System.setErr(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    private static Object[] sequence(int count) {
        Object[] numbers = new Object[count];
        for (int index = 0; index < count; index++) {
            numbers[index] = index;
        }
        return numbers;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
