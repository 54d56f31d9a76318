package org.planetlab.plc.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.planetlab.api.client.PlcClient;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.plc.testing.StoreKind;
import org.planetlab.plc.testing.TestingPlc;

/**
 * PLC serves /metrics on its own listener: a call made moves its method's counter (by outcome,
 * in both encodings), a name a caller made up is counted as unknown, and no secret is on the page.
 */
class PlcMetricsTest {
    @Test
    void callsMoveTheirMethodsCountersOnTheMetricsListener() throws Exception {
        try (TestingPlc testing = TestingPlc.start(StoreKind.SQLITE, Clock.systemUTC(),
                Map.of("metrics.listen", "127.0.0.1:0"))) {
            InetSocketAddress address = testing.plc().metrics().address().orElseThrow();
            assertThat(address.getAddress().isLoopbackAddress()).isTrue();
            String before = scrape(address);
            long sitesBefore = count(before, "GetSites", "ok");

            testing.operator(PlcClient.Encoding.JSON).call("GetSites");
            testing.operator(PlcClient.Encoding.XML_RPC).call("GetSites");
            PlcClient wrong = testing.client(new org.planetlab.api.client.Credentials.Password(
                    TestingPlc.OPERATOR_EMAIL, "not-the-password-1"), PlcClient.Encoding.XML_RPC);
            assertThatThrownBy(() -> wrong.call("GetSites")).isInstanceOf(PlanetLabException.class);
            assertThatThrownBy(() -> wrong.call("GetSecretsOfEveryone")).isInstanceOf(PlanetLabException.class);

            String after = scrape(address);
            assertThat(count(after, "GetSites", "ok")).isEqualTo(sitesBefore + 2);
            assertThat(count(after, "GetSites", "AUTHENTICATION_FAILED")).isEqualTo(1);
            assertThat(count(after, "unknown", "UNKNOWN_METHOD")).isEqualTo(1);
            assertThat(after).contains("plc_long_poll_waiters 0.0", "plc_api_calls_seconds_bucket{")
                    .doesNotContain("GetSecretsOfEveryone", TestingPlc.OPERATOR_PASSWORD, "not-the-password-1",
                            TestingPlc.OPERATOR_EMAIL);

            HttpResponse<String> other = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + address.getPort() + "/api")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(other.statusCode()).isEqualTo(404);
        }
    }

    @Test
    void mailThatCannotLeaveShowsAsTheOutboxsBacklog() throws Exception {
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (TestingPlc testing = TestingPlc.start(StoreKind.SQLITE, Clock.systemUTC(), Map.of("metrics.listen", "127.0.0.1:0",
                "mail.smtp-host", "127.0.0.1", "mail.smtp-port", Integer.toString(closedPort), "mail.from", "plc@plc.test"))) {
            InetSocketAddress address = testing.plc().metrics().address().orElseThrow();
            assertThat(scrape(address)).contains("plc_mail_unsent{outbox=\"stop_mail\"} 0.0",
                    "plc_mail_oldest_unsent_seconds{outbox=\"usage_mail\"} 0.0");

            PlcClient operator = testing.operator(PlcClient.Encoding.JSON);
            org.planetlab.plc.testing.Registry registry = new org.planetlab.plc.testing.Registry(operator);
            long siteId = registry.site("mlab");
            registry.person("user@mlab.org", "user", siteId);
            operator.call("AddSlice", Map.of("name", "mlab_loud", "url", "https://mlab.org/", "description", "experiment"));
            operator.call("AddPersonToSlice", "user@mlab.org", "mlab_loud");
            operator.call("StopSlice", "mlab_loud", "floods its site's link");

            assertThat(scrape(address)).as("the stop's mail waits: no mail server answers")
                    .contains("plc_mail_unsent{outbox=\"stop_mail\"} 1.0");
        }
    }

    static String scrape(InetSocketAddress address) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + address.getPort() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("text/plain"));
        return response.body();
    }

    private static long count(String page, String method, String outcome) {
        Matcher matcher = Pattern.compile("^plc_api_calls_seconds_count\\{method=\"" + method + "\",outcome=\"" + outcome
                + "\"} ([0-9.]+)$", Pattern.MULTILINE).matcher(page);
        return matcher.find() ? (long) Double.parseDouble(matcher.group(1)) : 0;
    }
}
