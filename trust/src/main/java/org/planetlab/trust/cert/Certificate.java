package org.planetlab.trust.cert;

import static java.util.Objects.requireNonNull;

import java.security.PublicKey;
import java.util.regex.Pattern;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.trust.key.KeyAlgorithm;
import org.planetlab.trust.key.KeyFingerprint;

/**
 * A PlanetLab XML certificate as read from its signed document: the statements it makes and the
 * exact signed XML. Holding one proves nothing; {@link ChainVerifier#verify(Certificate)} checks
 * its signatures back to a trust root.
 *
 * @param serial 128 random bits in hex, unique per certificate
 * @param subject whom the key belongs to
 * @param publicKey the subject's key
 * @param mayIssue whether the subject may sign certificates of its own (limited by {@link IssuancePolicy})
 * @param validity when the binding holds
 * @param issuer who signed it
 * @param xml the signed document
 */
public record Certificate(String serial, Subject subject, PublicKey publicKey, boolean mayIssue, Validity validity,
                          IssuerReference issuer, String xml) {
    private static final Pattern SERIAL = Pattern.compile("[0-9a-f]{32}");

    public Certificate {
        requireNonNull(serial, "serial is null");
        requireNonNull(subject, "subject is null");
        requireNonNull(publicKey, "publicKey is null");
        requireNonNull(validity, "validity is null");
        requireNonNull(issuer, "issuer is null");
        requireNonNull(xml, "xml is null");
        if (!SERIAL.matcher(serial).matches()) {
            throw PlanetLabException.invalidArgument("certificate serial must be 32 lowercase hex digits");
        }
        KeyAlgorithm.requireAcceptable(publicKey, "the public key of " + subject.displayName());
        if (mayIssue && !subject.canHoldIssuingRight()) {
            throw PlanetLabException.invalidArgument("a certificate for " + subject.displayName() + " cannot allow issuing certificates");
        }
    }

    public KeyFingerprint keyFingerprint() {
        return KeyFingerprint.of(publicKey);
    }

    /** How many certificates are embedded above this one. */
    public int embeddedDepth() {
        int depth = 0;
        IssuerReference current = issuer;
        while (current instanceof IssuerReference.Embedded embedded) {
            depth++;
            current = embedded.certificate().issuer();
        }
        return depth;
    }
}
