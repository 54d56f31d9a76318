package org.planetlab.node.audit.page;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.planetlab.api.audit.FlowRecord;
import org.planetlab.api.audit.FlowWire;
import org.planetlab.api.audit.SliceContact;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.node.audit.FlowStore;

class AuditPageTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String VICTIM = "192.0.2.77";
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<String> reports = new ArrayList<>();
    @TempDir
    Path directory;
    private FlowStore store;
    private AuditPage page;
    private long now;
    private boolean plcAnswers = true;

    @BeforeEach
    void startPage() {
        now = System.currentTimeMillis();
        store = new FlowStore(directory.resolve("flows"), Clock.systemUTC(), Duration.ofDays(7), 1 << 20);
        store.append(List.of(flow(101, "princeton_codeen", VICTIM, 6, 80, now - 60_000),
                flow(202, "mit_scanner", VICTIM, 17, 53, now - 30_000),
                flow(202, "mit_scanner", "198.51.100.1", 17, 53, now - 30_000)));
        SliceContacts contacts = sliceIds -> {
            if (!plcAnswers) {
                throw new PlanetLabException(ErrorCode.UNAVAILABLE, "cannot reach PLC");
            }
            return Map.of(101, new SliceContact(101, "princeton_codeen", "A content distribution network <cdn>",
                    "http://codeen.example.org/", "Princeton", List.of("Vivek Pai"), List.of("Larry Peterson"), List.of()));
        };
        Complaints complaints = (flow, name, email, text) -> {
            reports.add(flow.sliceName() + "|" + name + "|" + email + "|" + text);
            return 42;
        };
        page = page(contacts, complaints, 6000);
    }

    private AuditPage page(SliceContacts contacts, Complaints complaints, int requestsPerMinute) {
        AuditPage started = new AuditPage(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                new NodeDescription("planetlab1.example.edu", "Example University", "Jane Tech"), store, Duration.ofDays(7),
                contacts, complaints, requestsPerMinute, Clock.systemUTC());
        started.start();
        return started;
    }

    @AfterEach
    void stopPage() {
        page.close();
        store.close();
    }

    @Test
    void theFormFindsTheResponsibleSliceWithItsContacts() throws Exception {
        HttpResponse<String> empty = get("/", null);
        assertThat(empty.statusCode()).isEqualTo(200);
        assertThat(empty.body()).contains("planetlab1.example.edu", "Example University", "Jane Tech", "research slices", "<form");

        HttpResponse<String> answer = get("/?remote=" + VICTIM + "&time=" + Instant.ofEpochMilli(now).getEpochSecond(), null);
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).contains("princeton_codeen", "mit_scanner", "Vivek Pai", "Larry Peterson",
                "A content distribution network &lt;cdn&gt;").doesNotContain("<cdn>").doesNotContain("198.51.100.1");
        assertThat(answer.body()).as("a slice PLC has no contacts for is named").contains("PLC knows no contact details");

        plcAnswers = false;
        HttpResponse<String> withoutPlc = get("/?remote=" + VICTIM + "&time=" + Instant.ofEpochMilli(now).getEpochSecond()
                + "&protocol=tcp&port=80", null);
        assertThat(withoutPlc.body()).contains("princeton_codeen", "contact details are unavailable").doesNotContain("mit_scanner");
    }

    @Test
    void jsonAnswersTheSameQuery() throws Exception {
        HttpResponse<String> answer = get("/?remote=" + VICTIM + "&from=" + encode(Instant.ofEpochMilli(now - 3_600_000).toString())
                + "&to=" + encode(Instant.ofEpochMilli(now + 60_000).toString().replace("T", " ")), "application/json");
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode flows = JSON.readTree(answer.body()).get("flows");
        assertThat(flows).hasSize(2);
        assertThat(flows.get(0).get("slice_name").asText()).isEqualTo("princeton_codeen");
        assertThat(flows.get(0).get("slice").get("pis").get(0).asText()).isEqualTo("Larry Peterson");
        assertThat(flows.get(1).get("slice").isNull()).isTrue();
    }

    @Test
    void aBusyAddressesJsonAnswerCarriesEveryFlowWithItsSlice() throws Exception {
        String busy = "192.0.2.80";
        List<FlowRecord> written = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            written.add(i % 3 == 0 ? flow(202, "mit_scanner", busy, 17, 1000 + i, now - 120_000 + i * 1000)
                    : flow(101, "princeton_codeen", busy, 6, 1000 + i, now - 120_000 + i * 1000));
        }
        store.append(written);

        HttpResponse<String> answer = get("/?remote=" + busy + "&time=" + Instant.ofEpochMilli(now).getEpochSecond(),
                "application/json");

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        JsonNode body = JSON.readTree(answer.body());
        assertThat(body.get("node").asText()).isEqualTo("planetlab1.example.edu");
        assertThat(body.get("contacts_available").asBoolean()).isTrue();
        List<FlowRecord> answered = new ArrayList<>();
        for (JsonNode flow : body.get("flows")) {
            JsonNode slice = flow.get("slice");
            if (flow.get("slice_id").asInt() == 101) {
                assertThat(slice.get("name").asText()).isEqualTo("princeton_codeen");
                assertThat(slice.get("users").get(0).asText()).isEqualTo("Vivek Pai");
            } else {
                assertThat(slice.isNull()).as("PLC knows no contacts for slice 202").isTrue();
            }
            answered.add(FlowWire.recordFromWire(JSON.convertValue(((ObjectNode) flow).without("slice"), Map.class)));
        }
        assertThat(answered).containsExactlyInAnyOrderElementsOf(written);
    }

    @Test
    void hostileParametersAreRefusedWithAClearMessage() throws Exception {
        String time = "&time=" + Instant.ofEpochMilli(now).getEpochSecond();
        Map<String, String> refused = Map.ofEntries(
                Map.entry("/?remote=999.1.1.1" + time, "not an IPv4 or IPv6 address"),
                Map.entry("/?remote=" + encode("1.2.3.4' OR '1'='1") + time, "not an IPv4 or IPv6 address"),
                Map.entry("/?remote=" + encode("1.2.3.4; DROP TABLE flows;--") + time, "not an IPv4 or IPv6 address"),
                Map.entry("/?remote=" + encode("<script>alert(1)</script>") + time, "not an IPv4 or IPv6 address"),
                Map.entry("/?remote=" + VICTIM + "&time=yesterday", "is not a time"),
                Map.entry("/?remote=" + VICTIM + "&from=1990-01-01T00:00:00Z&to=2030-01-01T00:00:00Z", "before 2000"),
                Map.entry("/?remote=" + VICTIM + "&from=2001-01-01T00:00:00Z&to=2030-01-01T00:00:00Z", "longer than the 7 days"),
                Map.entry("/?remote=" + VICTIM + "&from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z", "ends before it starts"),
                Map.entry("/?remote=" + VICTIM + time + "&port=99999999999999999999", "not a port number"),
                Map.entry("/?remote=" + VICTIM + time + "&port=70000", "not a port number"),
                Map.entry("/?remote=" + VICTIM + time + "&protocol=256", "not tcp, udp, icmp or a protocol number"),
                Map.entry("/?remote=" + VICTIM + time + "&limit=100000", "unknown parameter 'limit'"),
                Map.entry("/?remote=" + VICTIM, "give the time"),
                Map.entry("/?remote=" + "1".repeat(100) + time, "longer than 64 characters"),
                Map.entry("/?remote=%00%0a1.2.3.4" + time, "'??1.2.3.4' is not an IPv4 or IPv6 address"));
        for (Map.Entry<String, String> probe : refused.entrySet()) {
            HttpResponse<String> html = get(probe.getKey(), null);
            assertThat(html.statusCode()).as(probe.getKey()).isEqualTo(400);
            assertThat(html.body()).as(probe.getKey()).contains(probe.getValue().replace("'", "&#39;")).doesNotContain("<script>");
            HttpResponse<String> json = get(probe.getKey(), "application/json");
            assertThat(json.statusCode()).isEqualTo(400);
            assertThat(JSON.readTree(json.body()).get("error").asText()).as(probe.getKey()).contains(probe.getValue());
        }
        HttpResponse<String> post = http.send(HttpRequest.newBuilder(uri("/")).POST(HttpRequest.BodyPublishers.ofString("x")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).as("nothing on the page changes the node").isEqualTo(405);
    }

    @Test
    void aReportNamesTheChosenFlowAndShowsPlcsComplaintId() throws Exception {
        String query = "remote=" + VICTIM + "&time=" + Instant.ofEpochMilli(now).getEpochSecond();
        HttpResponse<String> form = get("/report?" + query + "&flow=1", null);
        assertThat(form.body()).contains("mit_scanner", "reporter_email");
        HttpResponse<String> sent = http.send(HttpRequest.newBuilder(uri("/report?" + query + "&flow=1"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("reporter_name=Ann+Admin&reporter_email=ann%40example.net&text=port+scan"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(sent.statusCode()).as(sent.body()).isEqualTo(200);
        assertThat(sent.body()).contains("complaint 42");
        assertThat(reports).containsExactly("mit_scanner|Ann Admin|ann@example.net|port scan");

        HttpResponse<String> badEmail = http.send(HttpRequest.newBuilder(uri("/report?" + query + "&flow=0"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("reporter_name=X&reporter_email=not-an-address&text=t")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(badEmail.statusCode()).isEqualTo(400);
        assertThat(get("/report?" + query + "&flow=7", null).statusCode()).isEqualTo(400);
        assertThat(reports).hasSize(1);
    }

    @Test
    void eachClientIsRateLimited() throws Exception {
        page.close();
        page = page(SliceContacts.none(), (flow, name, email, text) -> 1, 60);
        int refused = 0;
        for (int i = 0; i < 40; i++) {
            HttpResponse<String> answer = get("/", "application/json");
            if (answer.statusCode() == 429) {
                refused++;
                assertThat(JSON.readTree(answer.body()).get("error").asText()).contains("too many requests");
            }
        }
        assertThat(refused).as("a burst of 15 then one a second").isGreaterThanOrEqualTo(20);
    }

    @Test
    void behindHttpByNameEachForwardedClientIsRateLimitedOnItsOwn() throws Exception {
        page.close();
        page = page(SliceContacts.none(), (flow, name, email, text) -> 1, 60);
        int refused = 0;
        for (int i = 0; i < 40; i++) {
            if (forwardedFor("for=198.51.100.7;proto=http").statusCode() == 429) {
                refused++;
            }
        }
        assertThat(refused).as("one forwarded client's burst spent").isGreaterThanOrEqualTo(20);
        assertThat(forwardedFor("for=\"[2001:db8::9]:4711\"").statusCode()).as("another forwarded client")
                .isNotEqualTo(429);
        assertThat(forwardedFor("for=203.0.113.1, for=198.51.100.7").statusCode())
                .as("the last element, which the front added, names the client").isEqualTo(429);
    }

    private HttpResponse<String> forwardedFor(String forwarded) throws Exception {
        return http.send(HttpRequest.newBuilder(uri("/")).header("Accept", "application/json").header("Forwarded", forwarded)
                .GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path, String accept) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).GET();
        if (accept != null) {
            request.header("Accept", accept);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + page.port() + path);
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static FlowRecord flow(int sliceId, String slice, String remote, int protocol, int port, long start) {
        return new FlowRecord(3, sliceId, slice, FlowRecord.Direction.OUTBOUND, protocol, start, start + 1000, "10.200.0.3",
                40000, "203.0.113.5", 61000, remote, port, 10, 1000, 5, 500, protocol == 6 ? 0x12 : 0, false);
    }
}
