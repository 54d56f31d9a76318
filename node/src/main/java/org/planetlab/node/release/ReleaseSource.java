package org.planetlab.node.release;

import java.io.IOException;
import java.io.InputStream;
import org.planetlab.trust.release.ReleaseMetadata;

/**
 * Where a node gets releases from: PLC's boot server in production, a fake in tests. Nothing it
 * returns is trusted; {@link ReleaseUpdater} checks everything.
 */
public interface ReleaseSource {
    /** The current release's delegation, metadata and a fresh timestamp. */
    ReleaseMetadata currentMetadata();

    /** The bytes of one file of a release, from the start; the caller stops reading past the declared length. */
    InputStream open(long releaseNumber, String fileName) throws IOException;
}
