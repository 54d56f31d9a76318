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
 * The registry's TLS trust for clients: any client certificate is taken during the handshake
 * (which still proves that the client holds its private key), because SFA clients call
 * GetSelfCredential with a self-signed certificate before they have a GID. Every registry call
 * then checks the certificate itself: GetSelfCredential compares its key with the person's keys,
 * the others verify it as a GID chaining to a trusted root.
 */
final class AnyClientCertificate extends X509ExtendedTrustManager {
    private AnyClientCertificate() {
    }

    /** PLC's server TLS settings with this trust for clients. */
    static SslContextFactory.Server sslContextFactory(TlsIdentity identity, SecureRandom random) {
        SslContextFactory.Server factory = ApiServer.sslContextFactory(identity, random);
        try {
            // The key store lives in memory only; its password protects nothing on disk.
            char[] password = Long.toHexString(random.nextLong()).toCharArray();
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(identity.keyStore(password), password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), new TrustManager[] {new AnyClientCertificate()}, random);
            factory.setSslContext(context);
        } catch (GeneralSecurityException e) {
            throw new PlanetLabException(ErrorCode.INTERNAL_ERROR, "cannot build the registry's TLS context: " + e.getMessage(), e);
        }
        return factory;
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {
        // Checked by each call, see the class comment.
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
        // Checked by each call, see the class comment.
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        // Checked by each call, see the class comment.
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("the registry is a server; it trusts no server certificates");
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
        return new X509Certificate[0];
    }
}
