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
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.api.wire.WireLimits;
import org.planetlab.plc.http.ApiServer;
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
     * @param trustedRoots the roots a client certificate must chain to during the handshake; when
     *     empty, any client certificate is taken and {@code service} checks it
     */
    public AmServer(GeniService service, WireLimits limits, InetSocketAddress address, TlsIdentity identity,
            List<X509Certificate> trustedRoots, SecureRandom random) {
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
        this.connector = new ServerConnector(server, sslContextFactory(identity, trustedRoots, random),
                new HttpConnectionFactory(configuration));
        connector.setHost(address.getHostString());
        connector.setPort(address.getPort());
        server.addConnector(connector);
        server.setHandler(new AmEndpoint(service, limits));
        server.setStopTimeout(5_000);
    }

    private static SslContextFactory.Server sslContextFactory(TlsIdentity identity, List<X509Certificate> roots, SecureRandom random) {
        if (roots.isEmpty()) {
            SslContextFactory.Server factory = AnyClientCertificate.sslContextFactory(identity, random);
            factory.setWantClientAuth(true);
            return factory;
        }
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
