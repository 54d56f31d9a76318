package org.planetlab.trust.release;

import static java.util.Objects.requireNonNull;

import java.security.PublicKey;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.trust.cert.Validity;
import org.planetlab.trust.key.KeyAlgorithm;
import org.planetlab.trust.key.KeyFingerprint;

/**
 * The root's statement naming the one key that may sign releases (TUF's root metadata, limited to
 * the targets role). Rotating the release key is a new delegation with a higher sequence: a node
 * that has seen sequence {@code n} refuses every delegation below {@code n}, and with it the old key.
 *
 * @param sequence from 1, one more at each rotation
 * @param releaseKey the key that signs release and timestamp metadata
 * @param validity when the delegation holds
 */
public record ReleaseDelegation(long sequence, PublicKey releaseKey, Validity validity) {
    public ReleaseDelegation {
        requireNonNull(releaseKey, "releaseKey is null");
        requireNonNull(validity, "validity is null");
        if (sequence < 1) {
            throw PlanetLabException.invalidArgument("release key delegation sequence must be at least 1, got " + sequence);
        }
        KeyAlgorithm.requireAcceptable(releaseKey, "the release key");
    }

    public KeyFingerprint keyId() {
        return KeyFingerprint.of(releaseKey);
    }
}
