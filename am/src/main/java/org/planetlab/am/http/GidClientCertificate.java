package org.planetlab.am.http;

import static java.util.Objects.requireNonNull;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.planetlab.am.credential.GidChains;
import org.planetlab.am.geni.GeniException;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.plc.http.ApiServer;
import org.planetlab.trust.tls.TlsIdentity;

/**
 * The aggregate's TLS trust for clients: a client certificate must chain to a trusted root (PKIX,
 * {@link GidChains#verifyPath}), the chain completed from the GIDs of the authorities PLC hosts
 * when the client sent its GID without them, as SFA clients holding a bare user GID do. GENI's
 * naming rule is left to each call, whose answer says why a GID breaking it is refused.
 */
final class GidClientCertificate extends X509ExtendedTrustManager {
    private final GidChains chains;

    private GidClientCertificate(GidChains chains) {
        this.chains = requireNonNull(chains, "chains is null");
    }

    /** PLC's server TLS settings with this trust for clients, whose certificate is required. */
    static SslContextFactory.Server sslContextFactory(TlsIdentity identity, GidChains chains, SecureRandom random) {
        SslContextFactory.Server factory = ApiServer.sslContextFactory(identity, random);
        try {
            // The key store lives in memory only; its password protects nothing on disk.
            char[] password = Long.toHexString(random.nextLong()).toCharArray();
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(identity.keyStore(password), password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), new TrustManager[] {new GidClientCertificate(chains)}, random);
            factory.setSslContext(context);
        } catch (GeneralSecurityException e) {
            throw new PlanetLabException(ErrorCode.INTERNAL_ERROR, "cannot build the aggregate's TLS context: " + e.getMessage(), e);
        }
        factory.setNeedClientAuth(true);
        return factory;
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new CertificateException("the aggregate needs a client certificate (a GID)");
        }
        try {
            chains.verifyPath(Arrays.asList(chain), "the client certificate");
        } catch (GeniException e) {
            throw new CertificateException(e.getMessage(), e);
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        checkClientTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        checkClientTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("the aggregate is a server; it trusts no server certificates");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        checkServerTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        checkServerTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return chains.acceptedIssuers().toArray(X509Certificate[]::new);
    }
}
