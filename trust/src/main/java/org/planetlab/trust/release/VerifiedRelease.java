package org.planetlab.trust.release;

import static java.util.Objects.requireNonNull;

/**
 * Release metadata whose chain (trust root → delegation → release key → timestamp → release) was
 * checked, each part valid now and none older than what the node had.
 *
 * @param release what to download
 * @param delegation the release key delegation in force
 * @param timestamp the fresh timestamp that pinned the release metadata
 * @param state what the node remembers once it has the release's files
 */
public record VerifiedRelease(Release release, ReleaseDelegation delegation, ReleaseTimestamp timestamp, TrustedReleaseState state) {
    public VerifiedRelease {
        requireNonNull(release, "release is null");
        requireNonNull(delegation, "delegation is null");
        requireNonNull(timestamp, "timestamp is null");
        requireNonNull(state, "state is null");
    }
}
