package org.planetlab.am.http;

import static java.util.Objects.requireNonNull;

import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.planetlab.am.credential.GidChains;
import org.planetlab.am.geni.GeniException;
import org.planetlab.trust.tls.TlsIdentity;

/**
 * The aggregate's TLS trust for clients: a client certificate must chain to a trusted root (PKIX,
 * {@link GidChains#verifyPath}), the chain completed from the GIDs of the authorities PLC hosts
 * when the client sent its GID without them, as SFA clients holding a bare user GID do. GENI's
 * naming rule is left to each call, whose answer says why a GID breaking it is refused.
 */
final class GidClientCertificate extends ClientCertificateTrust {
    private final GidChains chains;

    private GidClientCertificate(GidChains chains) {
        super("the aggregate");
        this.chains = requireNonNull(chains, "chains is null");
    }

    /** PLC's server TLS settings with this trust for clients, whose certificate is required. */
    static SslContextFactory.Server sslContextFactory(TlsIdentity identity, GidChains chains, SecureRandom random) {
        SslContextFactory.Server factory = sslContextFactory(identity, new GidClientCertificate(chains), random);
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
    public X509Certificate[] getAcceptedIssuers() {
        return chains.acceptedIssuers().toArray(X509Certificate[]::new);
    }
}
