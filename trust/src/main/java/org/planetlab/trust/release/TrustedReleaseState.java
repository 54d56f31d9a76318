package org.planetlab.trust.release;

import org.planetlab.api.error.PlanetLabException;

/**
 * What a node remembers between updates so that it never goes back (TUF's trusted metadata):
 * the highest delegation, release and timestamp it accepted. Zero means none yet.
 */
public record TrustedReleaseState(long delegationSequence, long releaseNumber, long timestampSequence) {
    /** A node that never accepted a release. */
    public static final TrustedReleaseState NONE = new TrustedReleaseState(0, 0, 0);

    public TrustedReleaseState {
        if (delegationSequence < 0 || releaseNumber < 0 || timestampSequence < 0) {
            throw PlanetLabException.invalidArgument("trusted release state values cannot be negative");
        }
    }
}
