package org.planetlab.node.audit.page;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.planetlab.api.audit.FlowRecord;
import org.planetlab.node.audit.FlowStore;
import org.planetlab.trust.key.KeyAlgorithm;
import org.planetlab.trust.tls.TlsCertificateAuthority;
import org.planetlab.trust.tls.TlsContexts;
import org.planetlab.trust.tls.TlsIdentity;

class AuditPageTlsTest {
    private static final String VICTIM = "192.0.2.77";
    private final SecureRandom random = new SecureRandom();
    private final TlsCertificateAuthority plcCa = TlsCertificateAuthority.create("PLC CA", KeyAlgorithm.EC_P256,
            Duration.ofDays(30), Clock.systemUTC(), random);
    @TempDir
    Path directory;

    @Test
    void theSamePageOverHttpsWithWhateverCertificateTheNodeHoldsAtTheTime() throws Exception {
        long now = System.currentTimeMillis();
        AtomicReference<Optional<TlsIdentity>> identity = new AtomicReference<>(Optional.empty());
        try (FlowStore store = new FlowStore(directory, Clock.systemUTC(), Duration.ofDays(7), 1 << 20);
                AuditPage page = new AuditPage(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                        new NodeDescription("planetlab1.example.edu", "Example University", "Jane Tech"), store,
                        Duration.ofDays(7), SliceContacts.none(), (flow, name, email, text) -> 1, 6000, Clock.systemUTC())) {
            store.append(List.of(new FlowRecord(3, 101, "princeton_codeen", FlowRecord.Direction.OUTBOUND, 6, now - 60_000,
                    now - 59_000, "10.200.0.3", 40000, "203.0.113.5", 61000, VICTIM, 80, 10, 1000, 5, 500, 0x12, false)));
            page.listenTls(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), identity::get, random);
            page.start();
            String question = "/?remote=" + VICTIM + "&time=" + now / 1000;

            // Not certified yet: no handshake over HTTPS; plain HTTP answers.
            assertThatThrownBy(() -> get(https(), "https", page.tlsPort(), question)).isInstanceOf(IOException.class);
            assertThat(get(HttpClient.newHttpClient(), "http", page.port(), question).statusCode()).isEqualTo(200);

            identity.set(Optional.of(plcCa.issueServerIdentity(List.of("127.0.0.1"), Duration.ofDays(1), KeyAlgorithm.EC_P256)));
            for (String path : List.of("/", question)) {
                HttpResponse<String> secure = get(https(), "https", page.tlsPort(), path);
                HttpResponse<String> plain = get(HttpClient.newHttpClient(), "http", page.port(), path);
                assertThat(secure.statusCode()).as(secure.body()).isEqualTo(200);
                assertThat(secure.body()).as("the same content as over HTTP").isEqualTo(plain.body());
            }
            assertThat(new ObjectMapper().readTree(get(https(), "https", page.tlsPort(), question).body()).get("flows")
                    .get(0).get("slice_name").asText()).isEqualTo("princeton_codeen");

            // Renewed by PLC: the next connection is offered the new certificate.
            TlsIdentity renewed = plcCa.issueServerIdentity(List.of("127.0.0.1"), Duration.ofDays(2), KeyAlgorithm.EC_P256);
            identity.set(Optional.of(renewed));
            assertThat(get(https(), "https", page.tlsPort(), question).sslSession().orElseThrow().getPeerCertificates()[0])
                    .isEqualTo(renewed.certificate());
        }
    }

    /** A fresh client (so a fresh connection and handshake) trusting only PLC's CA. */
    private HttpClient https() {
        return TlsContexts.httpClient(TlsContexts.client(plcCa.certificate(), random), Duration.ofSeconds(5));
    }

    private static HttpResponse<String> get(HttpClient client, String scheme, int port, String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(scheme + "://127.0.0.1:" + port + path)).header("Accept",
                path.equals("/") ? "text/html" : "application/json").timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
