package org.planetlab.node.audit.page;

import static java.util.Objects.requireNonNull;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Optional;
import java.util.function.Supplier;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;
import org.planetlab.trust.tls.TlsIdentity;

/**
 * The page's TLS key: whatever identity the node has when a client connects. The node's
 * certificate comes from PLC after the agent starts and is renewed while it runs, so the HTTPS
 * listener asks for it at every handshake instead of being built around one. Before the node is
 * certified there is no key, and handshakes fail (the HTTP page still answers).
 */
final class FollowingKeyManager extends X509ExtendedKeyManager {
    private static final String ALIAS = "node";

    private final Supplier<Optional<TlsIdentity>> identity;

    FollowingKeyManager(Supplier<Optional<TlsIdentity>> identity) {
        this.identity = requireNonNull(identity, "identity is null");
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return alias(keyType);
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        return alias(keyType);
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        String alias = alias(keyType);
        return alias == null ? null : new String[] {alias};
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        return identity.get().filter(ignored -> ALIAS.equals(alias))
                .map(current -> current.chain().toArray(X509Certificate[]::new)).orElse(null);
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        return identity.get().filter(ignored -> ALIAS.equals(alias)).map(TlsIdentity::privateKey).orElse(null);
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return null;
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
        return null;
    }

    /** The one alias when the node's key is of {@code keyType} (EC, RSA, ...); JSSE asks for each type it could use. */
    private String alias(String keyType) {
        return identity.get().filter(current -> current.privateKey().getAlgorithm().equals(keyType)).map(ignored -> ALIAS)
                .orElse(null);
    }
}
