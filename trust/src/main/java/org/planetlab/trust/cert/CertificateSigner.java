package org.planetlab.trust.cert;

import static java.util.Objects.requireNonNull;

import java.security.PublicKey;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import org.planetlab.trust.key.KeyAlgorithm;
import org.planetlab.trust.xml.XmlSignatures;

/**
 * Issues XML certificates (the seed's {@code mkcert}). It refuses to produce what a verifier would
 * refuse: an issuer without the right to issue, or a subject outside the issuer's scope
 * ({@link IssuancePolicy}).
 */
public final class CertificateSigner {
    private final Clock clock;
    private final SecureRandom random;

    public CertificateSigner(Clock clock, SecureRandom random) {
        this.clock = requireNonNull(clock, "clock is null");
        this.random = requireNonNull(random, "random is null");
    }

    /** Issues a certificate valid from now for {@code lifetime}. */
    public Certificate issue(Subject subject, PublicKey publicKey, boolean mayIssue, Duration lifetime, Credential issuer) {
        return issue(subject, publicKey, mayIssue, Validity.starting(clock.instant(), lifetime), issuer);
    }

    public Certificate issue(Subject subject, PublicKey publicKey, boolean mayIssue, Validity validity, Credential issuer) {
        requireNonNull(subject, "subject is null");
        requireNonNull(publicKey, "publicKey is null");
        requireNonNull(validity, "validity is null");
        requireNonNull(issuer, "issuer is null");
        KeyAlgorithm.requireAcceptable(publicKey, "the public key of " + subject.displayName());
        issuer.certificate().ifPresentOrElse(
                certificate -> IssuancePolicy.requireMayCertify(certificate, subject),
                () -> IssuancePolicy.requireRootMayCertify(subject));
        byte[] serial = new byte[16];
        random.nextBytes(serial);
        String xml = XmlSignatures.signToText(
                CertificateXml.unsigned(HexFormat.of().formatHex(serial), subject, publicKey, mayIssue, validity, issuer.issuerReference()),
                issuer.privateKey(), CertificateXml.WHAT);
        return CertificateXml.parse(xml);
    }
}
