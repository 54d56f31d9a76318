package org.planetlab.plc.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.planetlab.plc.testing.RegistrySnapshot;
import org.planetlab.plc.testing.StoreKind;
import org.planetlab.plc.testing.TestingPlc;

/**
 * The JSON endpoint executes only bodies that say they are JSON and are valid UTF-8: a page on
 * another site can make a browser send text, form or multipart bodies with the operator's
 * credentials, and an overlong UTF-8 form must not smuggle a character past a check.
 */
class JsonEdgeTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String ADD_SITE = "{\"site_fields\": {\"login_base\": \"csrf\", \"name\": \"Forged\","
            + " \"abbreviated_name\": \"Forged\", \"url\": \"https://forged.example.org\"}}";
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
    void aBodyThatDoesNotSayItIsJsonIsRefusedByNameAndChangesNothing() throws Exception {
        String before = RegistrySnapshot.take(testing.plc().database());
        for (String contentType : new String[] {"text/plain", "text/plain; charset=utf-8",
                "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/json; charset=iso-8859-1"}) {
            HttpResponse<String> answer = post(contentType, ADD_SITE.getBytes(StandardCharsets.UTF_8));
            assertThat(answer.statusCode()).as(contentType).isEqualTo(400);
            assertThat(answer.body()).as(contentType).contains("MALFORMED_REQUEST").contains("Content-Type");
        }
        HttpResponse<String> none = HTTP.send(request().POST(HttpRequest.BodyPublishers.ofString(ADD_SITE)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(none.statusCode()).isEqualTo(400);
        assertThat(none.body()).contains("no Content-Type");
        assertThat(RegistrySnapshot.take(testing.plc().database())).isEqualTo(before);
    }

    @Test
    void jsonWithOrWithoutItsCharsetIsExecuted() throws Exception {
        for (String contentType : new String[] {"application/json", "Application/JSON; charset=\"UTF-8\""}) {
            HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(testing.uri().resolve("/api/v1/AuthCheck"))
                    .header("Content-Type", contentType).header("Authorization", operator())
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as(contentType).isEqualTo(200);
            assertThat(answer.body()).as(contentType).contains("\"result\"");
        }
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(testing.uri().resolve("/api/v1/GetSites"))
                .header("Content-Type", "application/json").header("Authorization", operator())
                .POST(HttpRequest.BodyPublishers.ofString("{\"return_fields\": [\"login_base\"]}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).contains("\"result\"");
    }

    @Test
    void anOverlongUtf8FormIsRefusedByNameAndChangesNothing() throws Exception {
        String before = RegistrySnapshot.take(testing.plc().database());
        // "csrf" followed by C0 AF, an overlong form of "/", inside the login_base string.
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes("{\"site_fields\": {\"login_base\": \"csrf".getBytes(StandardCharsets.UTF_8));
        body.write(0xc0);
        body.write(0xaf);
        body.writeBytes(ADD_SITE.substring(ADD_SITE.indexOf("\", \"name\"")).getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> answer = post("application/json", body.toByteArray());
        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.body()).contains("MALFORMED_REQUEST").contains("not valid UTF-8");
        assertThat(RegistrySnapshot.take(testing.plc().database())).isEqualTo(before);
    }

    @Test
    void aBrowsersCrossSiteRequestMayNeitherUseBasicCredentialsNorChangeState() throws Exception {
        String before = RegistrySnapshot.take(testing.plc().database());
        String own = "http://127.0.0.1:" + testing.plc().port();
        String session = (String) testing.operator(org.planetlab.api.client.PlcClient.Encoding.JSON).call("GetSession");
        String[][] refused = {
            {"AddSite", operator(), "Sec-Fetch-Site", "cross-site"},
            {"AddSite", operator(), "Origin", "https://attacker.example"},
            {"AddSite", operator(), "Origin", "null"},
            {"AuthCheck", operator(), "Sec-Fetch-Site", "cross-site"},
            {"AuthCheck", operator(), "Sec-Fetch-Site", "same-site"},
            {"AddSite", "Bearer " + session, "Sec-Fetch-Site", "cross-site"},
            {"AddSite", "Bearer " + session, "Origin", "http://127.0.0.1:1"},
        };
        for (String[] request : refused) {
            HttpResponse<String> answer = call(request[0], request[1], request[2], request[3]);
            assertThat(answer.statusCode()).as(String.join(" ", request)).isEqualTo(403);
            assertThat(answer.body()).as(String.join(" ", request)).contains("PERMISSION_DENIED").contains("another site");
        }
        assertThat(RegistrySnapshot.take(testing.plc().database())).isEqualTo(before);

        String[][] allowed = {
            {"AuthCheck", operator(), "Sec-Fetch-Site", "same-origin"},
            {"AuthCheck", operator(), "Sec-Fetch-Site", "none"},
            {"AuthCheck", operator(), "Origin", own},
            {"AuthCheck", "Bearer " + session, "Sec-Fetch-Site", "cross-site"},
        };
        for (String[] request : allowed) {
            HttpResponse<String> answer = call(request[0], request[1], request[2], request[3]);
            assertThat(answer.statusCode()).as(String.join(" ", request)).isEqualTo(200);
        }
        HttpResponse<String> anonymousRead = HTTP.send(HttpRequest.newBuilder(testing.uri().resolve("/api/v1/GetSites"))
                .header("Content-Type", "application/json").header("Sec-Fetch-Site", "cross-site")
                .header("Origin", "https://attacker.example").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(anonymousRead.statusCode()).isEqualTo(200);
    }

    private static HttpResponse<String> call(String method, String authorization, String header, String value)
            throws Exception {
        String body = method.equals("AddSite") ? ADD_SITE : "{}";
        return HTTP.send(HttpRequest.newBuilder(testing.uri().resolve("/api/v1/" + method))
                .header("Content-Type", "application/json").header("Authorization", authorization).header(header, value)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String contentType, byte[] body) throws Exception {
        return HTTP.send(request().header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest.Builder request() {
        return HttpRequest.newBuilder(testing.uri().resolve("/api/v1/AddSite")).header("Authorization", operator());
    }

    private static String operator() {
        return "Basic " + Base64.getEncoder().encodeToString(
                (TestingPlc.OPERATOR_EMAIL + ":" + TestingPlc.OPERATOR_PASSWORD).getBytes(StandardCharsets.UTF_8));
    }
}
