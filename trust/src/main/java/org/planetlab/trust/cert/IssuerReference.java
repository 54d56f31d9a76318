package org.planetlab.trust.cert;

import static java.util.Objects.requireNonNull;

import org.planetlab.trust.key.KeyFingerprint;

/**
 * How a signed document names its signer (Architecture §5.1.2): either the id of a well-known
 * root key, or the signer's own certificate, embedded whole, which names its issuer in turn.
 */
public sealed interface IssuerReference {
    /** The signer is a trust root, named by its key fingerprint. */
    record Root(KeyFingerprint keyId) implements IssuerReference {
        public Root {
            requireNonNull(keyId, "keyId is null");
        }
    }

    /** The signer holds the key of this certificate. */
    record Embedded(Certificate certificate) implements IssuerReference {
        public Embedded {
            requireNonNull(certificate, "certificate is null");
        }
    }
}
