package org.planetlab.am.http;

import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.planetlab.trust.tls.TlsIdentity;

/**
 * The registry's TLS trust for clients: any client certificate is taken during the handshake
 * (which still proves that the client holds its private key), because SFA clients call
 * GetSelfCredential with a self-signed certificate before they have a GID. Every registry call
 * then checks the certificate itself: GetSelfCredential compares its key with the person's keys,
 * the others verify it as a GID chaining to a trusted root.
 */
final class AnyClientCertificate extends ClientCertificateTrust {
    private AnyClientCertificate() {
        super("the registry");
    }

    /** PLC's server TLS settings with this trust for clients. */
    static SslContextFactory.Server sslContextFactory(TlsIdentity identity, SecureRandom random) {
        return sslContextFactory(identity, new AnyClientCertificate(), random);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {
        // Checked by each call, see the class comment.
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }
}
