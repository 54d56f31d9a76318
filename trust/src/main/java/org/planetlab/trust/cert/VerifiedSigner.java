package org.planetlab.trust.cert;

import static java.util.Objects.requireNonNull;

import java.security.PublicKey;
import java.util.Optional;
import org.planetlab.trust.key.TrustRoot;

/**
 * The verified signer of a ticket or lease: a trust root itself, or the holder of a certificate
 * that chains to one.
 */
public record VerifiedSigner(PublicKey publicKey, Optional<VerifiedCertificate> certificate, TrustRoot root) {
    public VerifiedSigner {
        requireNonNull(publicKey, "publicKey is null");
        requireNonNull(certificate, "certificate is null");
        requireNonNull(root, "root is null");
    }

    public Optional<Subject> subject() {
        return certificate.map(VerifiedCertificate::subject);
    }

    public String displayName() {
        return certificate.map(verified -> verified.subject().displayName()).orElse("trust root '" + root.name() + "'");
    }
}
