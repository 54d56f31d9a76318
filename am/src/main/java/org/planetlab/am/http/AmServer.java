package org.planetlab.am.http;

import static java.util.Objects.requireNonNull;

import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.concurrent.Executors;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.planetlab.am.credential.GidChains;
import org.planetlab.api.wire.WireLimits;
import org.planetlab.trust.tls.TlsIdentity;

/**
 * The HTTPS listener of a GENI interface. GENI clients authenticate with their GID as a TLS
 * client certificate, which PLC's API port does not ask for, so the aggregate manager and the
 * registry listen on ports of their own: PLC's server certificate, TLS 1.2/1.3 with PLC's cipher
 * policy, and a client certificate, either required to chain to one of the trusted roots (the AM)
 * or only asked for and then checked by each call (the registry, whose GetSelfCredential is
 * called with a self-signed certificate). Requests run on virtual threads.
 */
public final class AmServer implements AutoCloseable {
    private final Server server;
    private final ServerConnector connector;

    /**
     * @param clients how a client certificate is checked during the handshake (a GID chaining to a
     *     trusted root, its chain completed from the hosted authorities' GIDs); when empty, any
     *     client certificate is taken and {@code service} checks it
     */
    public AmServer(GeniService service, WireLimits limits, InetSocketAddress address, TlsIdentity identity,
            Optional<GidChains> clients, SecureRandom random) {
        requireNonNull(service, "service is null");
        QueuedThreadPool threads = new QueuedThreadPool();
        threads.setName("geni-http");
        threads.setVirtualThreadsExecutor(Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("am-request-", 0).factory()));
        this.server = new Server(threads);
        HttpConfiguration configuration = new HttpConfiguration();
        SecureRequestCustomizer secure = new SecureRequestCustomizer();
        // Clients reach PLC by address as often as by name; the certificate names both.
        secure.setSniHostCheck(false);
        configuration.addCustomizer(secure);
        this.connector = new ServerConnector(server, sslContextFactory(identity, clients, random),
                new HttpConnectionFactory(configuration));
        connector.setHost(address.getHostString());
        connector.setPort(address.getPort());
        server.addConnector(connector);
        server.setHandler(new AmEndpoint(service, limits));
        server.setStopTimeout(5_000);
    }

    private static SslContextFactory.Server sslContextFactory(TlsIdentity identity, Optional<GidChains> clients,
            SecureRandom random) {
        if (clients.isEmpty()) {
            SslContextFactory.Server factory = AnyClientCertificate.sslContextFactory(identity, random);
            factory.setWantClientAuth(true);
            return factory;
        }
        return GidClientCertificate.sslContextFactory(identity, clients.get(), random);
    }

    public void start() throws Exception {
        server.start();
    }

    public int port() {
        return connector.getLocalPort();
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
