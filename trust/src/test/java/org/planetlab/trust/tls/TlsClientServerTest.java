package org.planetlab.trust.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.planetlab.trust.key.KeyAlgorithm;
import org.planetlab.trust.key.Pem;
import org.planetlab.trust.testing.MutableClock;
import java.time.Instant;

/** A real HTTPS server on 127.0.0.1 and the pinned client: only the right server is accepted. */
class TlsClientServerTest {
    private final SecureRandom random = new SecureRandom();
    private final MutableClock clock = new MutableClock(Instant.now());
    private final TlsCertificateAuthority plcCa = TlsCertificateAuthority.create("PLC CA", KeyAlgorithm.EC_P256, Duration.ofDays(30), clock, random);
    private final HttpClient client = TlsContexts.httpClient(TlsContexts.client(plcCa.certificate(), random), Duration.ofSeconds(5));
    private final List<HttpsServer> servers = new ArrayList<>();

    @AfterEach
    void stopServers() {
        servers.forEach(server -> server.stop(0));
    }

    @Test
    void clientAcceptsTheServerCertifiedByThePinnedCa() throws Exception {
        int port = serve(plcCa.issueServerIdentity(List.of("localhost", "127.0.0.1"), Duration.ofDays(1), KeyAlgorithm.EC_P256));

        HttpResponse<String> response = get("https://127.0.0.1:" + port + "/");
        HttpResponse<String> byName = get("https://localhost:" + port + "/");

        assertThat(response.body()).isEqualTo("ok");
        assertThat(byName.statusCode()).isEqualTo(200);
        assertThat(response.sslSession().orElseThrow().getProtocol()).isIn("TLSv1.3", "TLSv1.2");
    }

    @Test
    void clientRefusesEveryWrongServer(@TempDir Path directory) throws Exception {
        TlsCertificateAuthority otherCa = TlsCertificateAuthority.create("Other CA", KeyAlgorithm.EC_P256, Duration.ofDays(30), clock, random);
        MutableClock past = new MutableClock(clock.instant().minus(Duration.ofDays(10)));
        TlsCertificateAuthority pastCa = new TlsCertificateAuthority(plcCa.privateKey(), plcCa.certificate(), past, random);
        TlsIdentity selfSigned = new TlsIdentity(otherCa.privateKey(), List.of(otherCa.certificate()));
        List<String[]> refusals = new ArrayList<>();
        refusals.add(refuse("wrong CA", serve(otherCa.issueServerIdentity(List.of("127.0.0.1"), Duration.ofDays(1), KeyAlgorithm.EC_P256))));
        refusals.add(refuse("self-signed", serve(selfSigned)));
        refusals.add(refuse("expired", serve(pastCa.issueServerIdentity(List.of("127.0.0.1"), Duration.ofDays(1), KeyAlgorithm.EC_P256))));
        refusals.add(refuse("wrong host name", serve(plcCa.issueServerIdentity(List.of("other.example.org"), Duration.ofDays(1), KeyAlgorithm.EC_P256))));
        refusals.add(refuseTls11(directory));

        for (String[] refusal : refusals) {
            System.out.println("refused " + refusal[0] + ": " + refusal[1]);
        }
        System.out.println(refusals.size() + "/5 wrong servers refused");
        assertThat(refusals).hasSize(5);
    }

    private String[] refuse(String what, int port) {
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> get("https://127.0.0.1:" + port + "/"));
        assertThat(thrown).as(what).isInstanceOf(IOException.class);
        Throwable root = thrown;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return new String[] {what, root.getClass().getSimpleName() + ": " + root.getMessage()};
    }

    private String[] refuseTls11(Path directory) throws Exception {
        TlsIdentity identity = plcCa.issueServerIdentity(List.of("127.0.0.1"), Duration.ofDays(1), KeyAlgorithm.EC_P256);
        Path key = directory.resolve("server.key");
        Path chain = directory.resolve("server.pem");
        Files.writeString(key, Pem.write(identity.privateKey()));
        Files.writeString(chain, Pem.write(identity.certificate()) + Pem.write(plcCa.certificate()));
        String java = ProcessHandle.current().info().command().orElse("java");
        Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Tls11Server.class.getName(),
                key.toString(), chain.toString()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String ready = output.readLine();
            assertThat(ready).as("the TLS 1.1 server must start and serve TLS 1.1 to itself").startsWith("ready ").endsWith(" TLSv1.1");
            int port = Integer.parseInt(ready.split(" ")[1]);
            String[] refusal = refuse("TLS 1.1 server", port);
            return refusal;
        } finally {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private HttpResponse<String> get(String uri) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private int serve(TlsIdentity identity) throws IOException {
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        server.setHttpsConfigurator(new HttpsConfigurator(TlsContexts.server(identity, random)) {
            @Override
            public void configure(HttpsParameters parameters) {
                parameters.setSSLParameters(TlsPolicy.serverParameters());
            }
        });
        server.createContext("/", exchange -> {
            byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        servers.add(server);
        return server.getAddress().getPort();
    }
}
