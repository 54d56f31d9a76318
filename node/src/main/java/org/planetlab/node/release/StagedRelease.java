package org.planetlab.node.release;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import org.planetlab.trust.release.Release;

/**
 * A release whose every file was downloaded and verified into its own directory.
 *
 * @param release what its signed metadata says
 * @param directory {@code <staging>/release-<number>}, holding exactly the release's files and
 *     the metadata documents they were checked against
 */
public record StagedRelease(Release release, Path directory) {
    public StagedRelease {
        requireNonNull(release, "release is null");
        requireNonNull(directory, "directory is null");
    }

    public Path file(String name) {
        return directory.resolve(release.file(name).orElseThrow(() -> new IllegalArgumentException(
                "release " + release.number() + " has no file " + name)).name());
    }
}
