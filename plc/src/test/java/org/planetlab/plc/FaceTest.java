package org.planetlab.plc;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.planetlab.plc.testing.StoreKind;
import org.planetlab.plc.testing.TestingPlc;

/** A face on the class path is started with PLC, served beside the API, and stopped with it. */
class FaceTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void aFaceServesItsPathsBesideTheApiAndStopsWithPlc() throws Exception {
        int stopsBefore = ProbeFace.STOPS.get();
        try (TestingPlc testing = TestingPlc.start(StoreKind.SQLITE)) {
            HttpResponse<String> probe = get(testing, "/probe/page?x=1");
            assertThat(probe.statusCode()).isEqualTo(200);
            assertThat(probe.body()).startsWith("probe /probe/page sites=");
            assertThat(get(testing, "/probe").body()).startsWith("probe /probe sites=");
            // The API's own paths stay the API's, and other paths stay unknown.
            assertThat(get(testing, "/healthz").body()).isEqualToIgnoringWhitespace("ok");
            HttpResponse<String> unknown = get(testing, "/probes");
            assertThat(unknown.statusCode()).isEqualTo(404);
            assertThat(unknown.body()).contains("The PLC API is at /PLCAPI/");
            assertThat(ProbeFace.STOPS.get()).isEqualTo(stopsBefore);
        }
        assertThat(ProbeFace.STOPS.get()).isEqualTo(stopsBefore + 1);
    }

    private static HttpResponse<String> get(TestingPlc testing, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(testing.uri().resolve(path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
