package org.planetlab.trust.release;

import static java.util.Objects.requireNonNull;

import java.util.regex.Pattern;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.trust.cert.Validity;

/**
 * The short-lived statement "the current release is number N, whose metadata has this digest and
 * length" (TUF's timestamp and snapshot in one, as there is one metadata file to pin). PLC signs a
 * fresh one with the release key whenever a node asks, so an attacker who keeps serving old
 * metadata (a freeze) is found out when the timestamp expires, long before the release metadata does.
 *
 * @param sequence grows with every timestamp (PLC uses the issue time in milliseconds)
 * @param releaseNumber the current release
 * @param releaseSha256 SHA-256 of the release metadata document's UTF-8 bytes, 64 lowercase hex digits
 * @param releaseLength length of those bytes
 * @param validity short: hours, not months
 */
public record ReleaseTimestamp(long sequence, long releaseNumber, String releaseSha256, long releaseLength, Validity validity) {
    private static final Pattern DIGEST = Pattern.compile("[0-9a-f]{64}");

    public ReleaseTimestamp {
        requireNonNull(releaseSha256, "releaseSha256 is null");
        requireNonNull(validity, "validity is null");
        if (sequence < 1 || releaseNumber < 1 || releaseLength < 1) {
            throw PlanetLabException.invalidArgument("release timestamp: sequence, release number and length must be at least 1");
        }
        if (!DIGEST.matcher(releaseSha256).matches()) {
            throw PlanetLabException.invalidArgument("release timestamp: the digest must be 64 lowercase hex digits");
        }
    }
}
