package org.planetlab.trust.cert;

import static java.util.Objects.requireNonNull;

import java.security.PublicKey;
import java.util.List;
import org.planetlab.trust.key.TrustRoot;

/**
 * A certificate whose every signature was checked back to a trust root and whose every link was
 * valid at the time of the check.
 *
 * @param certificate the certificate that was verified
 * @param issuers its issuer certificates, nearest first (empty when a root signed it)
 * @param root the trust root the chain ends at
 */
public record VerifiedCertificate(Certificate certificate, List<Certificate> issuers, TrustRoot root) {
    public VerifiedCertificate {
        requireNonNull(certificate, "certificate is null");
        issuers = List.copyOf(requireNonNull(issuers, "issuers is null"));
        requireNonNull(root, "root is null");
    }

    public Subject subject() {
        return certificate.subject();
    }

    public PublicKey publicKey() {
        return certificate.publicKey();
    }
}
