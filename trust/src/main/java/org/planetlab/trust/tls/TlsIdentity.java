package org.planetlab.trust.tls;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;

/**
 * A TLS end entity: its private key and its certificate chain, leaf first, CA last.
 */
public record TlsIdentity(PrivateKey privateKey, List<X509Certificate> chain) {
    /** The alias of the entry in {@link #keyStore}. */
    public static final String ALIAS = "planetlab";

    public TlsIdentity {
        requireNonNull(privateKey, "privateKey is null");
        chain = List.copyOf(requireNonNull(chain, "chain is null"));
        if (chain.isEmpty()) {
            throw PlanetLabException.invalidArgument("a TLS identity needs at least its own certificate");
        }
    }

    public X509Certificate certificate() {
        return chain.getFirst();
    }

    /** An in-memory PKCS#12 key store holding this identity under {@link #ALIAS}. */
    public KeyStore keyStore(char[] password) {
        requireNonNull(password, "password is null");
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry(ALIAS, privateKey, password, chain.toArray(X509Certificate[]::new));
            return store;
        } catch (GeneralSecurityException | IOException e) {
            throw new PlanetLabException(ErrorCode.INTERNAL_ERROR, "cannot build a key store: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "TlsIdentity[" + certificate().getSubjectX500Principal().getName() + "]";
    }
}
