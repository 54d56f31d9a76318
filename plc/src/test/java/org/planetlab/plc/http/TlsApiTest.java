package org.planetlab.plc.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.planetlab.api.client.PlcClient;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.plc.testing.StoreKind;
import org.planetlab.plc.testing.TestingPlc;

/** The API over TLS with PLC's own CA: pinned clients connect, others cannot. */
class TlsApiTest {
    @Test
    void onlyClientsPinningPlcsCaConnect() {
        try (TestingPlc testing = TestingPlc.startWithTls(StoreKind.SQLITE)) {
            assertThat(testing.uri().getScheme()).isEqualTo("https");
            PlcClient pinned = testing.operator(PlcClient.Encoding.XML_RPC);
            assertThat(pinned.call("AuthCheck")).isEqualTo(1L);
            assertThat(testing.operator(PlcClient.Encoding.JSON).call("AuthCheck")).isEqualTo(1L);

            // A client that does not pin PLC's CA is not even built; one trusting the system's store fails.
            assertThatThrownBy(() -> PlcClient.create(testing.uri(), pinned.credentials(), PlcClient.Encoding.JSON))
                    .hasMessageContaining("must trust PLC's certificate authority");
            PlcClient unpinned = new PlcClient(testing.uri(), pinned.credentials(), PlcClient.Encoding.JSON,
                    HttpClient.newHttpClient(), org.planetlab.api.client.RequestSigner.NONE, java.time.Duration.ofSeconds(5));
            assertThatThrownBy(() -> unpinned.call("AuthCheck")).isInstanceOfSatisfying(PlanetLabException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE));

            // Plain HTTP to the TLS port gets nothing useful.
            URI plain = URI.create("http://127.0.0.1:" + testing.plc().port() + "/api/v1/AuthCheck");
            assertThatThrownBy(() -> HttpClient.newHttpClient().send(HttpRequest.newBuilder(plain)
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString()))
                    .isInstanceOf(java.io.IOException.class);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
