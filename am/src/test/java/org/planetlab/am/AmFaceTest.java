package org.planetlab.am;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.planetlab.am.gid.GeniAuthority;
import org.planetlab.am.gid.Gid;
import org.planetlab.am.urn.Urn;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.plc.Plc;
import org.planetlab.plc.PlcConfig;
import org.planetlab.trust.key.KeyAlgorithm;
import org.planetlab.trust.tls.TlsContexts;
import org.planetlab.trust.tls.TlsIdentity;

/** PLC finds the aggregate manager on its class path and serves it when, and only when, am.port is set. */
class AmFaceTest {
    @Test
    void plcServesTheAggregateOnItsConfiguredPortWithClientCertificates(@TempDir Path directory) throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        try (Plc plc = start(directory, Map.of("am.port", Integer.toString(port)))) {
            GeniAuthority authority = GeniAuthority.openOrCreate(plc.trust().directory().resolve("geni"), new Urn("plc", "authority", "sa"),
                    Clock.systemUTC(), new SecureRandom());
            KeyPair keys = KeyAlgorithm.RSA_2048.generate(new SecureRandom());
            Gid gid = authority.issue(new Urn("plc:princeton", "user", "alice"), keys.getPublic(), Duration.ofDays(1));
            TlsIdentity identity = new TlsIdentity(keys.getPrivate(), List.of(gid.certificate(), authority.gid().certificate()));
            var http = TlsContexts.httpClient(TlsContexts.client(plc.trust().tlsCaCertificate(), Optional.of(identity), new SecureRandom()),
                    Duration.ofSeconds(10));
            byte[] call = new org.planetlab.api.wire.XmlRpcWriter().writeCall("GetVersion", List.of());
            var response = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("https://localhost:" + port + "/"))
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(call)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(response.body()).contains("geni_api").contains("https://localhost:" + port + "/");
            // Without a client certificate the handshake fails: the AM knows no anonymous callers.
            var anonymous = TlsContexts.httpClient(TlsContexts.client(plc.trust().tlsCaCertificate(), new SecureRandom()),
                    Duration.ofSeconds(10));
            assertThatThrownBy(() -> anonymous.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("https://localhost:" + port + "/"))
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(call)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString())).isInstanceOf(java.io.IOException.class);
        }
    }

    @Test
    void withoutAmPortTheAggregateIsOffAndUnknownKeysAreRefused(@TempDir Path directory) throws Exception {
        try (Plc plc = start(directory.resolve("off"), Map.of())) {
            assertThat(Files.exists(plc.trust().directory().resolve("geni"))).isFalse();
        }
        assertThatThrownBy(() -> start(directory.resolve("typo"), Map.of("am.prot", "9000")))
                .isInstanceOfSatisfying(PlanetLabException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessageContaining("am.prot");
        assertThatThrownBy(() -> start(directory.resolve("bad"), Map.of("am.port", "http")))
                .hasMessageContaining("am.port");
    }

    private static Plc start(Path directory, Map<String, String> am) throws Exception {
        Files.createDirectories(directory);
        Map<String, String> settings = new java.util.HashMap<>(am);
        settings.put("port", "0");
        settings.put("password-hash-memory-kib", "64");
        settings.put("tls", "false");
        return Plc.start(PlcConfig.fromDataDir(directory, settings), Clock.systemUTC(), new SecureRandom(), (handle, request) -> {
            throw new PlanetLabException(ErrorCode.AUTHENTICATION_FAILED, "nodes do not sign requests in this test");
        }, true);
    }
}
