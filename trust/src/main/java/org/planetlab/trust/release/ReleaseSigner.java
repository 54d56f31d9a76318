package org.planetlab.trust.release;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.trust.cert.Credential;
import org.planetlab.trust.cert.IssuerReference;
import org.planetlab.trust.key.KeyFingerprint;
import org.planetlab.trust.xml.XmlSignatures;

/**
 * Signs release metadata and timestamps with the release key, and (statically) release key
 * delegations with a trust root's key. It produces only what {@link ReleaseVerifier} accepts.
 */
public final class ReleaseSigner {
    private final KeyPair releaseKey;

    public ReleaseSigner(KeyPair releaseKey) {
        this.releaseKey = requireNonNull(releaseKey, "releaseKey is null");
    }

    public KeyFingerprint keyId() {
        return KeyFingerprint.of(releaseKey.getPublic());
    }

    /** Signs a delegation of the release key; only a trust root signing with its own key may. */
    public static String signDelegation(ReleaseDelegation delegation, Credential root) {
        requireNonNull(delegation, "delegation is null");
        requireNonNull(root, "root is null");
        if (!(root.issuerReference() instanceof IssuerReference.Root)) {
            throw PlanetLabException.invalidArgument("a release key delegation is signed by a trust root's own key, not by "
                    + root.signerName());
        }
        return XmlSignatures.signToText(ReleaseDelegationXml.unsigned(delegation, root.issuerReference()), root.privateKey(),
                ReleaseDelegationXml.WHAT);
    }

    public String signRelease(Release release) {
        requireNonNull(release, "release is null");
        return XmlSignatures.signToText(ReleaseXml.unsigned(release, keyId()), releaseKey.getPrivate(), ReleaseXml.WHAT);
    }

    public String signTimestamp(ReleaseTimestamp timestamp) {
        requireNonNull(timestamp, "timestamp is null");
        return XmlSignatures.signToText(ReleaseTimestampXml.unsigned(timestamp, keyId()), releaseKey.getPrivate(),
                ReleaseTimestampXml.WHAT);
    }

    /** SHA-256 of a metadata document's UTF-8 bytes, as a timestamp pins it. */
    public static String digest(String xml) {
        return sha256Hex(xml.getBytes(StandardCharsets.UTF_8));
    }

    /** SHA-256 of bytes, as 64 lowercase hex digits (a release file's digest). */
    public static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
