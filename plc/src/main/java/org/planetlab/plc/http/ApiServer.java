package org.planetlab.plc.http;

import static java.util.Objects.requireNonNull;

import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.planetlab.api.wire.WireLimits;
import org.planetlab.plc.api.Dispatcher;
import org.planetlab.trust.tls.TlsIdentity;
import org.planetlab.trust.tls.TlsPolicy;

/**
 * The PLC's HTTP front: the XML-RPC endpoint at {@code /PLCAPI/}, the JSON API under
 * {@code /api/v1/}, and {@code /healthz}, and the paths of the faces mounted beside them (the
 * longest matching prefix wins). Requests run on virtual threads.
 */
public final class ApiServer implements AutoCloseable {
    private final Server server;
    private final ServerConnector connector;
    private final boolean tls;

    /**
     * @param tls the server's certificate and key; empty to serve plain HTTP (tests, or behind
     *     a TLS proxy)
     * @param mounts the faces' handlers, served for paths the API does not own
     */
    public ApiServer(Dispatcher dispatcher, WireLimits limits, InetSocketAddress address, Optional<TlsIdentity> tls,
            SecureRandom random, List<WebMount> mounts) {
        requireNonNull(dispatcher, "dispatcher is null");
        requireNonNull(limits, "limits is null");
        List<WebMount> byLongestPrefix = mounts.stream()
                .sorted(Comparator.comparingInt((WebMount mount) -> mount.prefix().length()).reversed())
                .toList();
        QueuedThreadPool threads = new QueuedThreadPool();
        threads.setName("plc-http");
        threads.setVirtualThreadsExecutor(Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name("plc-request-", 0).factory()));
        this.server = new Server(threads);
        this.tls = tls.isPresent();
        // No Server or X-Powered-By header: a version tells an attacker which advisories apply.
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        this.connector = tls.map(identity -> new ServerConnector(server, sslContextFactory(identity, random),
                        new HttpConnectionFactory(http)))
                .orElseGet(() -> new ServerConnector(server, new HttpConnectionFactory(http)));
        connector.setHost(address.getHostString());
        connector.setPort(address.getPort());
        server.addConnector(connector);
        XmlRpcEndpoint xmlRpc = new XmlRpcEndpoint(dispatcher, limits);
        JsonEndpoint json = new JsonEndpoint(dispatcher, limits);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                String path = request.getHttpURI().getPath();
                if (path.equals("/PLCAPI/") || path.equals("/PLCAPI")) {
                    xmlRpc.handle(request, response, callback);
                } else if (path.startsWith(JsonEndpoint.PREFIX)) {
                    json.handle(request, response, callback);
                } else if (path.equals("/healthz")) {
                    HttpExchange.sendText(response, callback, 200, "ok");
                } else {
                    for (WebMount mount : byLongestPrefix) {
                        if (mount.takes(path)) {
                            return mount.handler().handle(request, response, callback);
                        }
                    }
                    HttpExchange.sendText(response, callback, 404,
                            "Not found. The PLC API is at /PLCAPI/ (XML-RPC) and /api/v1/ (JSON).");
                }
                return true;
            }
        });
        server.setErrorHandler(new PlainErrors());
        server.setStopTimeout(5_000);
    }

    /**
     * A TLS server context with PLC's identity and PLC's TLS policy (protocols, cipher suites), for
     * every listener PLC and its faces open; a face that needs client certificates adds its trust
     * store and asks for them.
     */
    public static SslContextFactory.Server sslContextFactory(TlsIdentity identity, SecureRandom random) {
        SslContextFactory.Server factory = new SslContextFactory.Server();
        // The key store lives in memory only; its password protects nothing on disk.
        char[] password = new char[24];
        for (int index = 0; index < password.length; index++) {
            password[index] = (char) ('a' + random.nextInt(26));
        }
        factory.setKeyStore(identity.keyStore(password));
        factory.setKeyStorePassword(new String(password));
        factory.setIncludeProtocols(TlsPolicy.PROTOCOLS.toArray(String[]::new));
        factory.setIncludeCipherSuites(TlsPolicy.CIPHER_SUITES.toArray(String[]::new));
        factory.setUseCipherSuitesOrder(true);
        factory.setSniRequired(false);
        return factory;
    }

    /** Whether the API is served over TLS. */
    public boolean tls() {
        return tls;
    }

    public void start() throws Exception {
        server.start();
    }

    /** The port the server listens on (useful when it was started on port 0). */
    public int port() {
        return connector.getLocalPort();
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
