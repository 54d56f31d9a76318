package org.planetlab.trust.tls;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.http.HttpClient;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;

/**
 * Builds {@link SSLContext}s and HTTP clients under {@link TlsPolicy}. A client context trusts
 * exactly the given CA certificate (the PLC CA), never the JDK's default trust store, and checks
 * validity periods with PKIX; host names are checked by the parameters of
 * {@link TlsPolicy#clientParameters()} (and always by {@link HttpClient}).
 */
public final class TlsContexts {
    private TlsContexts() {
    }

    /** A server context presenting {@code identity}. Apply {@link TlsPolicy#serverParameters()} to sockets or engines. */
    public static SSLContext server(TlsIdentity identity, SecureRandom random) {
        requireNonNull(identity, "identity is null");
        char[] password = new char[0];
        try {
            KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(identity.keyStore(password), password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers.getKeyManagers(), null, random);
            return context;
        } catch (GeneralSecurityException e) {
            throw new PlanetLabException(ErrorCode.INTERNAL_ERROR, "cannot build the TLS server context: " + e.getMessage(), e);
        }
    }

    /** A client context that trusts only {@code trustedCa}. */
    public static SSLContext client(X509Certificate trustedCa, SecureRandom random) {
        return client(trustedCa, Optional.empty(), random);
    }

    /** A client context that trusts only {@code trustedCa} and presents {@code clientIdentity} if given. */
    public static SSLContext client(X509Certificate trustedCa, Optional<TlsIdentity> clientIdentity, SecureRandom random) {
        requireNonNull(trustedCa, "trustedCa is null");
        requireNonNull(clientIdentity, "clientIdentity is null");
        try {
            KeyStore trusted = KeyStore.getInstance("PKCS12");
            trusted.load(null, null);
            trusted.setCertificateEntry("planetlab-ca", trustedCa);
            TrustManagerFactory trustManagers = TrustManagerFactory.getInstance("PKIX");
            trustManagers.init(trusted);
            KeyManager[] keyManagers = null;
            if (clientIdentity.isPresent()) {
                char[] password = new char[0];
                KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                factory.init(clientIdentity.get().keyStore(password), password);
                keyManagers = factory.getKeyManagers();
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers, trustManagers.getTrustManagers(), random);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new PlanetLabException(ErrorCode.INTERNAL_ERROR, "cannot build the TLS client context: " + e.getMessage(), e);
        }
    }

    /** An HTTP client over {@code context} with the policy's protocols and ciphers and host name verification. */
    public static HttpClient httpClient(SSLContext context, Duration connectTimeout) {
        return HttpClient.newBuilder()
                .sslContext(requireNonNull(context, "context is null"))
                .sslParameters(TlsPolicy.clientParameters())
                .connectTimeout(requireNonNull(connectTimeout, "connectTimeout is null"))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }
}
