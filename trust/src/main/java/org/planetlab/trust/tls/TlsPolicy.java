package org.planetlab.trust.tls;

import java.util.List;
import javax.net.ssl.SSLParameters;

/**
 * The TLS policy of every PlanetLab remote interface: TLS 1.3 and 1.2 only; in 1.2 only ECDHE key
 * exchange with AEAD ciphers (forward secrecy, no CBC, no RSA key transport); clients always
 * verify the server's host name against its certificate.
 *
 * <p>For a Jetty 12 connector:
 * <pre>{@code
 * SslContextFactory.Server tls = new SslContextFactory.Server();
 * tls.setKeyStore(identity.keyStore(password));
 * tls.setKeyStorePassword(new String(password));
 * tls.setIncludeProtocols(TlsPolicy.PROTOCOLS.toArray(String[]::new));
 * tls.setIncludeCipherSuites(TlsPolicy.CIPHER_SUITES.toArray(String[]::new));
 * }</pre>
 */
public final class TlsPolicy {
    /** Protocol versions offered and accepted. */
    public static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    /** Cipher suites, in preference order. */
    public static final List<String> CIPHER_SUITES = List.of(
            "TLS_AES_256_GCM_SHA384",
            "TLS_AES_128_GCM_SHA256",
            "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

    private TlsPolicy() {
    }

    /** Parameters for a server socket or engine: the policy, server cipher order. */
    public static SSLParameters serverParameters() {
        SSLParameters parameters = base();
        parameters.setUseCipherSuitesOrder(true);
        return parameters;
    }

    /** Parameters for a client socket or engine: the policy and host name verification. */
    public static SSLParameters clientParameters() {
        SSLParameters parameters = base();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        return parameters;
    }

    private static SSLParameters base() {
        SSLParameters parameters = new SSLParameters();
        parameters.setProtocols(PROTOCOLS.toArray(String[]::new));
        parameters.setCipherSuites(CIPHER_SUITES.toArray(String[]::new));
        return parameters;
    }
}
