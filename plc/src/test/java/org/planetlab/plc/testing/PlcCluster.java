package org.planetlab.plc.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.planetlab.api.client.Credentials;
import org.planetlab.api.client.PlcClient;
import org.planetlab.api.client.RequestSigner;
import org.planetlab.trust.key.KeyFiles;
import org.planetlab.trust.key.Pem;
import org.planetlab.trust.node.NodeRequestSigner;
import org.planetlab.trust.node.PlnodeConfig;
import org.planetlab.trust.tls.TlsContexts;

/**
 * Several PLC processes serving one PostgreSQL store, deployed as an operator would: the first
 * data directory made by {@code plc init}, each further one holding the same {@code plc.properties}
 * and a copy of the first one's {@code trust/} (one CA, one set of PLC keys), every server over
 * TLS. Housekeeping runs every second so that expiry can be watched.
 */
public final class PlcCluster implements AutoCloseable {
    public static final String OPERATOR_EMAIL = "operator@plc.test";
    public static final String OPERATOR_PASSWORD = "operator-password-1";

    private final Path root;
    private final String store;
    private final List<PlcProcess> servers;
    private final X509Certificate ca;
    private final SecureRandom random = new SecureRandom();

    private PlcCluster(Path root, String store, List<PlcProcess> servers, X509Certificate ca) {
        this.root = root;
        this.store = store;
        this.servers = servers;
        this.ca = ca;
    }

    /** Starts {@code count} servers on a fresh PostgreSQL database. */
    public static PlcCluster start(int count) {
        Path root = null;
        List<PlcProcess> servers = new ArrayList<>();
        try {
            root = Files.createTempDirectory("plc-cluster");
            String store = TestingPostgres.newDatabase();
            Path storePassword = Files.writeString(root.resolve("store-password"), "postgres");
            Path operatorPassword = Files.writeString(root.resolve("operator-password"), OPERATOR_PASSWORD);
            Path first = root.resolve("plc-1");
            PlcProcess.run(root.resolve("init.log"), List.of("init", "--data-dir", first.toString(), "--port", "0",
                    "--store", store, "--store-user", "postgres", "--store-password-file", storePassword.toString(),
                    "--operator-email", OPERATOR_EMAIL, "--operator-password-file", operatorPassword.toString()));
            Files.writeString(first.resolve("plc.properties"), "housekeeping-interval-seconds = 1\n",
                    StandardCharsets.UTF_8, StandardOpenOption.APPEND);
            for (int index = 2; index <= count; index++) {
                Path other = root.resolve("plc-" + index);
                copy(first.resolve("plc.properties"), other.resolve("plc.properties"));
                copy(first.resolve("trust"), other.resolve("trust"));
            }
            for (int index = 1; index <= count; index++) {
                servers.add(PlcProcess.serve(root.resolve("plc-" + index)));
            }
            X509Certificate ca = Pem.readCertificates(KeyFiles.read(first.resolve("trust").resolve("tls-ca.pem"))).getFirst();
            return new PlcCluster(root, store, List.copyOf(servers), ca);
        } catch (IOException | RuntimeException e) {
            servers.forEach(PlcProcess::close);
            if (root != null) {
                delete(root);
            }
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
    }

    /** Copies a file or directory tree keeping its owner-only permissions, as {@code cp -a} would. */
    private static void copy(Path from, Path to) throws IOException {
        Files.createDirectories(to.getParent());
        Files.setPosixFilePermissions(to.getParent(), java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : paths.toList()) {
                Files.copy(path, to.resolve(from.relativize(path).toString()), StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
    }

    public int size() {
        return servers.size();
    }

    /** Server {@code index}, from 0. */
    public PlcProcess server(int index) {
        return servers.get(index);
    }

    /** The store's JDBC URL (user and password: postgres). */
    public String store() {
        return store;
    }

    /** A client of server {@code index}, trusting the cluster's CA. */
    public PlcClient client(int index, Credentials credentials) {
        return new PlcClient(uri(index), credentials, PlcClient.Encoding.JSON, http(), RequestSigner.NONE,
                Duration.ofSeconds(120));
    }

    public PlcClient operator(int index) {
        return client(index, new Credentials.Password(OPERATOR_EMAIL, OPERATOR_PASSWORD));
    }

    /** A node's client of server {@code index}, signing each request with the node key of its plnode.txt. */
    public PlcClient node(int index, PlnodeConfig plnode) {
        NodeRequestSigner signer = NodeRequestSigner.of(plnode, Clock.systemUTC(), random);
        RequestSigner headers = (method, target, body) -> Map.of("Authorization", signer.authorization(method, target, body));
        return new PlcClient(uri(index), new Credentials.Node(plnode.nodeId()), PlcClient.Encoding.XML_RPC, http(),
                headers, Duration.ofSeconds(120));
    }

    private URI uri(int index) {
        return servers.get(index).uri();
    }

    private HttpClient http() {
        return TlsContexts.httpClient(TlsContexts.client(ca, random), Duration.ofSeconds(10));
    }

    @Override
    public void close() {
        servers.forEach(PlcProcess::close);
        delete(root);
    }

    private static void delete(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
