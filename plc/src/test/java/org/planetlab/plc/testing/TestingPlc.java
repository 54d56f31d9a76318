package org.planetlab.plc.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.planetlab.api.client.Credentials;
import org.planetlab.api.client.PlcClient;
import org.planetlab.plc.Bootstrap;
import org.planetlab.plc.Plc;
import org.planetlab.plc.PlcConfig;
import org.planetlab.plc.auth.NodeRequestAuthenticator;

/**
 * A real PLC for tests: on a fresh SQLite file or PostgreSQL database, serving the API on a
 * free loopback port, with an operator account. Password hashing is made cheap so tests run
 * fast; everything else is as shipped.
 */
public final class TestingPlc implements AutoCloseable {
    public static final String OPERATOR_EMAIL = "operator@plc.test";
    public static final String OPERATOR_PASSWORD = "operator-password-1";

    private final Path dataDir;
    private final Plc plc;
    private final StoreKind storeKind;

    private TestingPlc(Path dataDir, Plc plc, StoreKind storeKind) {
        this.dataDir = dataDir;
        this.plc = plc;
        this.storeKind = storeKind;
    }

    public static TestingPlc start(StoreKind kind) {
        return start(kind, Clock.systemUTC());
    }

    public static TestingPlc start(StoreKind kind, Clock clock) {
        return start(kind, clock, (handle, request) -> {
            throw new org.planetlab.api.error.PlanetLabException(
                    org.planetlab.api.error.ErrorCode.AUTHENTICATION_FAILED, "node signatures are not set up in this test");
        });
    }

    public static TestingPlc start(StoreKind kind, Clock clock, NodeRequestAuthenticator nodes) {
        return start(kind, clock, nodes, false);
    }

    /** A PLC with further configuration keys, e.g. {@code mail.smtp-host} or {@code audit.retention-days}. */
    public static TestingPlc start(StoreKind kind, Clock clock, Map<String, String> settings) {
        return start(kind, clock, (handle, request) -> {
            throw new org.planetlab.api.error.PlanetLabException(
                    org.planetlab.api.error.ErrorCode.AUTHENTICATION_FAILED, "node signatures are not set up in this test");
        }, false, settings);
    }

    /** A PLC serving its API over TLS with a certificate from its own CA; clients must pin that CA. */
    public static TestingPlc startWithTls(StoreKind kind) {
        return start(kind, Clock.systemUTC(), (handle, request) -> {
            throw new org.planetlab.api.error.PlanetLabException(
                    org.planetlab.api.error.ErrorCode.AUTHENTICATION_FAILED, "node signatures are not set up in this test");
        }, true);
    }

    /** A PLC serving its API over TLS, with further configuration keys (e.g. {@code peer.name}). */
    public static TestingPlc startWithTls(StoreKind kind, Map<String, String> settings) {
        return start(kind, Clock.systemUTC(), (handle, request) -> {
            throw new org.planetlab.api.error.PlanetLabException(
                    org.planetlab.api.error.ErrorCode.AUTHENTICATION_FAILED, "node signatures are not set up in this test");
        }, true, settings);
    }

    /** A PLC over TLS that authenticates nodes with {@code nodes} (their signed requests). */
    public static TestingPlc startWithTls(StoreKind kind, Clock clock, NodeRequestAuthenticator nodes) {
        return start(kind, clock, nodes, true);
    }

    private static TestingPlc start(StoreKind kind, Clock clock, NodeRequestAuthenticator nodes, boolean tls) {
        return start(kind, clock, nodes, tls, Map.of());
    }

    private static TestingPlc start(StoreKind kind, Clock clock, NodeRequestAuthenticator nodes, boolean tls,
            Map<String, String> extra) {
        try {
            Path dataDir = Files.createTempDirectory("testing-plc");
            Map<String, String> settings = new LinkedHashMap<>();
            settings.put("port", "0");
            settings.put("password-hash-memory-kib", "64");
            settings.put("tls", Boolean.toString(tls));
            if (kind == StoreKind.POSTGRESQL) {
                settings.put("store", TestingPostgres.newDatabase());
                settings.put("store-user", "postgres");
                settings.put("store-password", "postgres");
            }
            settings.putAll(extra);
            PlcConfig config = PlcConfig.fromDataDir(dataDir, settings);
            Plc plc = Plc.start(config, clock, new SecureRandom(), nodes, true);
            new Bootstrap(plc).createOperator(OPERATOR_EMAIL, OPERATOR_PASSWORD, "Olive", "Operator");
            return new TestingPlc(dataDir, plc, kind);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The data directory PLC runs from. */
    public Path dataDir() {
        return dataDir;
    }

    public Plc plc() {
        return plc;
    }

    public StoreKind storeKind() {
        return storeKind;
    }

    public URI uri() {
        return URI.create((plc.tls() ? "https://localhost:" : "http://127.0.0.1:") + plc.port());
    }

    /** A client that trusts exactly this PLC's CA when the API is served over TLS. */
    public PlcClient client(Credentials credentials, PlcClient.Encoding encoding) {
        if (!plc.tls()) {
            return PlcClient.create(uri(), credentials, encoding);
        }
        java.security.SecureRandom random = new java.security.SecureRandom();
        java.net.http.HttpClient http = org.planetlab.trust.tls.TlsContexts.httpClient(
                org.planetlab.trust.tls.TlsContexts.client(plc.trust().tlsCaCertificate(), random),
                java.time.Duration.ofSeconds(10));
        return new PlcClient(uri(), credentials, encoding, http, org.planetlab.api.client.RequestSigner.NONE,
                java.time.Duration.ofSeconds(60));
    }

    public PlcClient operator(PlcClient.Encoding encoding) {
        return client(new Credentials.Password(OPERATOR_EMAIL, OPERATOR_PASSWORD), encoding);
    }

    /**
     * Credentials for a node. Nodes normally sign their requests with their node key; this opens
     * a node session directly in the store for tests that are not about node authentication.
     */
    public Credentials.Session nodeSession(long nodeId) {
        String key = plc.database().write(handle -> plc.sessions().open(handle, java.util.Optional.empty(),
                java.util.Optional.of(nodeId), 3600));
        return new Credentials.Session(key);
    }

    @Override
    public void close() {
        plc.close();
        try (Stream<Path> files = Files.walk(dataDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
