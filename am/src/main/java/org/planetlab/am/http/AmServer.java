package org.planetlab.am.http;

import static java.util.Objects.requireNonNull;

import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.Executors;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.planetlab.am.call.AggregateManager;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.api.wire.WireLimits;
import org.planetlab.plc.http.ApiServer;
import org.planetlab.trust.tls.TlsIdentity;

/**
 * The aggregate manager's own HTTPS listener. GENI clients authenticate with their GID as a TLS
 * client certificate, which PLC's API port does not ask for, so the AM listens on a port of its
 * own: PLC's server certificate, TLS 1.2/1.3 with PLC's cipher policy, and a client certificate
 * required that chains to one of the aggregate's trusted roots. Requests run on virtual threads.
 */
public final class AmServer implements AutoCloseable {
    private final Server server;
    private final ServerConnector connector;

    public AmServer(AggregateManager manager, WireLimits limits, InetSocketAddress address, TlsIdentity identity,
            List<X509Certificate> trustedRoots, SecureRandom random) {
        requireNonNull(manager, "manager is null");
        QueuedThreadPool threads = new QueuedThreadPool();
        threads.setName("am-http");
        threads.setVirtualThreadsExecutor(Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("am-request-", 0).factory()));
        this.server = new Server(threads);
        HttpConfiguration configuration = new HttpConfiguration();
        SecureRequestCustomizer secure = new SecureRequestCustomizer();
        // Clients reach PLC by address as often as by name; the certificate names both.
        secure.setSniHostCheck(false);
        configuration.addCustomizer(secure);
        this.connector = new ServerConnector(server, sslContextFactory(identity, trustedRoots, random),
                new HttpConnectionFactory(configuration));
        connector.setHost(address.getHostString());
        connector.setPort(address.getPort());
        server.addConnector(connector);
        server.setHandler(new AmEndpoint(manager, limits));
        server.setStopTimeout(5_000);
    }

    private static SslContextFactory.Server sslContextFactory(TlsIdentity identity, List<X509Certificate> roots, SecureRandom random) {
        SslContextFactory.Server factory = ApiServer.sslContextFactory(identity, random);
        try {
            KeyStore trusted = KeyStore.getInstance("PKCS12");
            trusted.load(null, null);
            for (int index = 0; index < roots.size(); index++) {
                trusted.setCertificateEntry("geni-root-" + index, roots.get(index));
            }
            factory.setTrustStore(trusted);
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new PlanetLabException(ErrorCode.INTERNAL_ERROR, "cannot build the AM's trust store: " + e.getMessage(), e);
        }
        factory.setNeedClientAuth(true);
        return factory;
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
