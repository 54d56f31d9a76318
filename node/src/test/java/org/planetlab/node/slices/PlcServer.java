package org.planetlab.node.slices;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.planetlab.api.client.Credentials;
import org.planetlab.api.client.PlcClient;
import org.planetlab.api.client.RequestSigner;
import org.planetlab.plc.Bootstrap;
import org.planetlab.plc.Plc;
import org.planetlab.plc.PlcConfig;
import org.planetlab.plc.auth.SignedNodeRequests;
import org.planetlab.trust.tls.TlsContexts;

/**
 * A real PLC for slice tests, over TLS from its own CA, authenticating nodes by their signed
 * requests from their registered address, listening on one address of the test's private
 * network. It can be stopped and started again over the same data (a PLC that crashed and came
 * back).
 */
final class PlcServer implements AutoCloseable {
    static final String OPERATOR = "operator@plc.test";
    static final String PASSWORD = "operator-password-1";

    private final Path dataDir;
    private final String address;
    private final int port;
    private final Map<String, String> extraSettings;
    private Plc plc;

    private PlcServer(Path dataDir, String address, int port, Map<String, String> extraSettings) {
        this.dataDir = dataDir;
        this.address = address;
        this.port = port;
        this.extraSettings = Map.copyOf(extraSettings);
    }

    static PlcServer start(String address) {
        return start(address, Map.of());
    }

    /** A PLC with further configuration keys, e.g. {@code lease.granularity-seconds}. */
    static PlcServer start(String address, Map<String, String> extraSettings) {
        try {
            PlcServer server = new PlcServer(Files.createTempDirectory("slices-plc"), address, freePort(address), extraSettings);
            server.launch();
            new Bootstrap(server.plc).createOperator(OPERATOR, PASSWORD, "Olive", "Operator");
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort(String address) throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(address))) {
            return socket.getLocalPort();
        }
    }

    private void launch() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("listen-address", address);
        settings.put("port", Integer.toString(port));
        settings.put("password-hash-memory-kib", "64");
        settings.put("tls", "true");
        settings.put("tls-names", address);
        settings.putAll(extraSettings);
        Clock clock = Clock.systemUTC();
        plc = Plc.start(PlcConfig.fromDataDir(dataDir, settings), clock, new SecureRandom(), new SignedNodeRequests(clock, true), true);
    }

    /** Stops serving, as if PLC crashed. */
    void stop() {
        plc.close();
        plc = null;
    }

    /** Serves again over the same data. */
    void restart() {
        launch();
    }

    Plc plc() {
        return plc;
    }

    URI uri() {
        return URI.create("https://" + address + ":" + port);
    }

    Path caFile() {
        return dataDir.resolve("trust").resolve("tls-ca.pem");
    }

    Path rootsDirectory() {
        return dataDir.resolve("trust").resolve("roots");
    }

    Path saCertificateFile() {
        return dataDir.resolve("trust").resolve("sa.cert.xml");
    }

    PlcClient client(Credentials credentials) {
        var http = TlsContexts.httpClient(TlsContexts.client(plc.trust().tlsCaCertificate(), new SecureRandom()), Duration.ofSeconds(10));
        return new PlcClient(uri(), credentials, PlcClient.Encoding.JSON, http, RequestSigner.NONE, Duration.ofSeconds(60));
    }

    PlcClient operator() {
        return client(new Credentials.Password(OPERATOR, PASSWORD));
    }

    @Override
    public void close() {
        if (plc != null) {
            plc.close();
        }
        try (Stream<Path> files = Files.walk(dataDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
