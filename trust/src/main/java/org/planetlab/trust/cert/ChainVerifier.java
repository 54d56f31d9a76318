package org.planetlab.trust.cert;

import static java.util.Objects.requireNonNull;

import java.security.PublicKey;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.trust.key.TrustRoot;
import org.planetlab.trust.key.TrustRoots;
import org.planetlab.trust.xml.SafeXml;
import org.planetlab.trust.xml.XmlLimits;
import org.planetlab.trust.xml.XmlSignatures;

/**
 * The one verifier of certificate chains. It walks from the certificate through its embedded
 * issuers to a root key id, then checks each link from the root down: the issuer may issue and may
 * certify that subject ({@link IssuancePolicy}), the signature verifies with the issuer's key
 * (never with a key from the message), and the certificate is valid at the clock's time.
 * Thread-safe.
 */
public final class ChainVerifier {
    /** Longest chain accepted: root, authority, sub-authority, node, service and one spare. */
    public static final int DEFAULT_MAX_CHAIN = 5;

    private final TrustRoots roots;
    private final Clock clock;
    private final int maxChain;

    public ChainVerifier(TrustRoots roots, Clock clock) {
        this(roots, clock, DEFAULT_MAX_CHAIN);
    }

    public ChainVerifier(TrustRoots roots, Clock clock, int maxChain) {
        this.roots = requireNonNull(roots, "roots is null");
        this.clock = requireNonNull(clock, "clock is null");
        if (maxChain < 1) {
            throw new IllegalArgumentException("maxChain must be at least 1");
        }
        this.maxChain = maxChain;
    }

    public TrustRoots roots() {
        return roots;
    }

    public Clock clock() {
        return clock;
    }

    /** Parses and verifies a certificate document. */
    public VerifiedCertificate verify(String xml) {
        return verify(CertificateXml.parse(xml));
    }

    public VerifiedCertificate verify(Certificate certificate) {
        requireNonNull(certificate, "certificate is null");
        List<Certificate> path = new ArrayList<>();
        Certificate current = certificate;
        while (true) {
            path.add(current);
            if (path.size() > maxChain) {
                throw refused("certificate chain of '" + certificate.subject().displayName() + "' is longer than " + maxChain + " certificates");
            }
            if (!(current.issuer() instanceof IssuerReference.Embedded embedded)) {
                break;
            }
            current = embedded.certificate();
        }
        IssuerReference.Root rootReference = (IssuerReference.Root) path.getLast().issuer();
        TrustRoot root = roots.find(rootReference.keyId()).orElseThrow(() -> refused(
                "certificate chain: '" + path.getLast().subject().displayName() + "' names issuer key " + rootReference.keyId()
                        + ", which is not a trusted root"));
        Instant now = clock.instant();
        PublicKey issuerKey = root.publicKey();
        String issuerName = "trust root '" + root.name() + "'";
        for (int index = path.size() - 1; index >= 0; index--) {
            Certificate link = path.get(index);
            if (index == path.size() - 1) {
                IssuancePolicy.requireRootMayCertify(link.subject());
            } else {
                IssuancePolicy.requireMayCertify(path.get(index + 1), link.subject());
            }
            String what = "certificate of '" + link.subject().displayName() + "'";
            XmlSignatures.verify(SafeXml.parse(link.xml(), XmlLimits.DEFAULT, what), issuerKey, what, issuerName);
            link.validity().check(now, what);
            issuerKey = link.publicKey();
            issuerName = "'" + link.subject().displayName() + "'";
        }
        return new VerifiedCertificate(certificate, path.subList(1, path.size()), root);
    }

    /**
     * Verifies the signer named by a ticket or lease: a trust root by key id, or an embedded
     * certificate checked as by {@link #verify(Certificate)}.
     */
    public VerifiedSigner verifySigner(IssuerReference issuer) {
        requireNonNull(issuer, "issuer is null");
        return switch (issuer) {
            case IssuerReference.Root root -> {
                TrustRoot trusted = roots.find(root.keyId()).orElseThrow(() -> refused(
                        "signer key " + root.keyId() + " is not a trusted root"));
                yield new VerifiedSigner(trusted.publicKey(), Optional.empty(), trusted);
            }
            case IssuerReference.Embedded embedded -> {
                VerifiedCertificate verified = verify(embedded.certificate());
                yield new VerifiedSigner(verified.publicKey(), Optional.of(verified), verified.root());
            }
        };
    }

    private static PlanetLabException refused(String message) {
        return new PlanetLabException(ErrorCode.VERIFICATION_FAILED, message);
    }
}
