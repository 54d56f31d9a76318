package org.planetlab.trust.release;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.trust.cert.IssuerReference;
import org.planetlab.trust.key.KeyFingerprint;
import org.planetlab.trust.key.TrustRoot;
import org.planetlab.trust.key.TrustRoots;
import org.planetlab.trust.xml.SafeXml;
import org.planetlab.trust.xml.XmlLimits;
import org.planetlab.trust.xml.XmlSignatures;

/**
 * The node's check of release metadata, in the order of The Update Framework's client workflow:
 * the delegation (signed by a trust root, valid, not older than the one seen), then the timestamp
 * (signed by the delegated release key, fresh, not older), then the release metadata (exactly the
 * bytes the timestamp pins, signed by the release key, valid, not an older release). Every refusal
 * is {@link ErrorCode#VERIFICATION_FAILED} naming the attack it stopped. Thread-safe.
 */
public final class ReleaseVerifier {
    private final TrustRoots roots;
    private final Clock clock;

    public ReleaseVerifier(TrustRoots roots, Clock clock) {
        this.roots = requireNonNull(roots, "roots is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    public VerifiedRelease verify(ReleaseMetadata metadata, TrustedReleaseState trusted) {
        requireNonNull(metadata, "metadata is null");
        requireNonNull(trusted, "trusted is null");
        Instant now = clock.instant();
        ReleaseDelegation delegation = verifyDelegation(metadata.delegationXml(), trusted, now);
        ReleaseTimestamp timestamp = verifyTimestamp(metadata.timestampXml(), delegation, trusted, now);
        Release release = verifyRelease(metadata.releaseXml(), delegation, timestamp, trusted, now);
        TrustedReleaseState state = new TrustedReleaseState(delegation.sequence(), release.number(), timestamp.sequence());
        return new VerifiedRelease(release, delegation, timestamp, state);
    }

    private ReleaseDelegation verifyDelegation(String xml, TrustedReleaseState trusted, Instant now) {
        String what = ReleaseDelegationXml.WHAT;
        ReleaseDelegationXml.Parsed parsed = ReleaseDelegationXml.parse(xml);
        if (!(parsed.issuer() instanceof IssuerReference.Root rootReference)) {
            throw refused(what + ": must be signed by a trust root's own key, not by an embedded certificate");
        }
        TrustRoot root = roots.find(rootReference.keyId()).orElseThrow(() -> refused(
                what + ": signed by key " + rootReference.keyId() + ", which is not a trusted root"));
        XmlSignatures.verify(SafeXml.parse(xml, XmlLimits.DEFAULT, what), root.publicKey(), what, "trust root '" + root.name() + "'");
        ReleaseDelegation delegation = parsed.delegation();
        delegation.validity().check(now, what + " " + delegation.sequence());
        if (delegation.sequence() < trusted.delegationSequence()) {
            throw refused(what + ": sequence " + delegation.sequence() + " is older than sequence " + trusted.delegationSequence()
                    + " this node already accepted; the release key it names was rotated out");
        }
        return delegation;
    }

    private ReleaseTimestamp verifyTimestamp(String xml, ReleaseDelegation delegation, TrustedReleaseState trusted, Instant now) {
        String what = ReleaseTimestampXml.WHAT;
        ReleaseTimestampXml.Parsed parsed = ReleaseTimestampXml.parse(xml);
        requireReleaseKey(what, parsed.signer(), delegation);
        XmlSignatures.verify(SafeXml.parse(xml, XmlLimits.DEFAULT, what), delegation.releaseKey(), what, "the release key");
        ReleaseTimestamp timestamp = parsed.timestamp();
        timestamp.validity().check(now, what + " (a fresh one is signed at every request; an expired one means"
                + " someone is replaying old metadata)");
        if (timestamp.sequence() < trusted.timestampSequence()) {
            throw refused(what + ": sequence " + timestamp.sequence() + " is older than sequence " + trusted.timestampSequence()
                    + " this node already accepted (replayed metadata)");
        }
        return timestamp;
    }

    private Release verifyRelease(String xml, ReleaseDelegation delegation, ReleaseTimestamp timestamp, TrustedReleaseState trusted,
            Instant now) {
        String what = ReleaseXml.WHAT;
        byte[] bytes = xml.getBytes(StandardCharsets.UTF_8);
        if (bytes.length != timestamp.releaseLength()) {
            throw refused(what + ": the document has " + bytes.length + " bytes, the timestamp pins " + timestamp.releaseLength()
                    + ": metadata of another release, or changed");
        }
        if (!ReleaseSigner.sha256Hex(bytes).equals(timestamp.releaseSha256())) {
            throw refused(what + ": the document's SHA-256 is not the one the timestamp pins: metadata of another release, or changed");
        }
        ReleaseXml.Parsed parsed = ReleaseXml.parse(xml);
        requireReleaseKey(what, parsed.signer(), delegation);
        XmlSignatures.verify(SafeXml.parse(xml, XmlLimits.DEFAULT, what), delegation.releaseKey(), what, "the release key");
        Release release = parsed.release();
        release.validity().check(now, what + " of release " + release.number());
        if (release.number() != timestamp.releaseNumber()) {
            throw refused(what + ": release " + release.number() + " is not release " + timestamp.releaseNumber()
                    + " that the timestamp names");
        }
        if (release.number() < trusted.releaseNumber()) {
            throw refused(what + ": release " + release.number() + " is older than release " + trusted.releaseNumber()
                    + " this node already has; going back is refused (rollback)");
        }
        return release;
    }

    private static void requireReleaseKey(String what, KeyFingerprint signer, ReleaseDelegation delegation) {
        if (!signer.equals(delegation.keyId())) {
            throw refused(what + ": signed with key " + signer + ", which is not the release key " + delegation.keyId()
                    + " of delegation " + delegation.sequence() + " (an unknown key, or one rotated out)");
        }
    }

    private static PlanetLabException refused(String message) {
        return new PlanetLabException(ErrorCode.VERIFICATION_FAILED, message);
    }
}
