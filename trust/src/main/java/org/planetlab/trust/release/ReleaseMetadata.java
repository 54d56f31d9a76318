package org.planetlab.trust.release;

import static java.util.Objects.requireNonNull;

/**
 * The three signed documents a node fetches to learn the current release, as text, unverified:
 * the root's delegation to the release key, the release metadata, and a fresh timestamp.
 */
public record ReleaseMetadata(String delegationXml, String releaseXml, String timestampXml) {
    public ReleaseMetadata {
        requireNonNull(delegationXml, "delegationXml is null");
        requireNonNull(releaseXml, "releaseXml is null");
        requireNonNull(timestampXml, "timestampXml is null");
    }
}
