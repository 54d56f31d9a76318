package org.planetlab.trust.key;

import static java.util.Objects.requireNonNull;

import java.security.PublicKey;

/**
 * A well-known public key (Architecture §5.1.1): certificates and tickets that name its
 * {@link #keyId()} as their issuer are checked with it directly.
 *
 * @param name a label for people, e.g. the file name it was loaded from ("plc-root")
 * @param publicKey the key
 */
public record TrustRoot(String name, PublicKey publicKey) {
    public TrustRoot {
        requireNonNull(name, "name is null");
        requireNonNull(publicKey, "publicKey is null");
        KeyAlgorithm.requireAcceptable(publicKey, "trust root '" + name + "'");
    }

    /** The identifier issuers use to name this key: its SHA-256 fingerprint. */
    public KeyFingerprint keyId() {
        return KeyFingerprint.of(publicKey);
    }
}
