package org.planetlab.am.http;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.plc.http.ApiServer;
import org.planetlab.trust.tls.TlsIdentity;

/**
 * A TLS server's trust for its clients' certificates (the aggregate's, the registry's): one check of
 * a client's chain whichever way the TLS engine asks for it, and no server certificate trusted,
 * since these trust managers serve only servers.
 */
abstract class ClientCertificateTrust extends X509ExtendedTrustManager {
    private final String server;

    /** {@code server} names the server in the refusal of a server certificate ("the aggregate"). */
    ClientCertificateTrust(String server) {
        this.server = server;
    }

    /** PLC's server TLS settings with {@code trust} for clients. */
    static SslContextFactory.Server sslContextFactory(TlsIdentity identity, ClientCertificateTrust trust, SecureRandom random) {
        SslContextFactory.Server factory = ApiServer.sslContextFactory(identity, random);
        try {
            // The key store lives in memory only; its password protects nothing on disk.
            char[] password = Long.toHexString(random.nextLong()).toCharArray();
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(identity.keyStore(password), password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), new TrustManager[] {trust}, random);
            factory.setSslContext(context);
        } catch (GeneralSecurityException e) {
            throw new PlanetLabException(ErrorCode.INTERNAL_ERROR,
                    "cannot build the " + trust.server.replaceFirst("^the ", "") + "'s TLS context: " + e.getMessage(), e);
        }
        return factory;
    }

    @Override
    public final void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        checkClientTrusted(chain, authType);
    }

    @Override
    public final void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        checkClientTrusted(chain, authType);
    }

    @Override
    public final void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException(server + " is a server; it trusts no server certificates");
    }

    @Override
    public final void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        checkServerTrusted(chain, authType);
    }

    @Override
    public final void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        checkServerTrusted(chain, authType);
    }
}
