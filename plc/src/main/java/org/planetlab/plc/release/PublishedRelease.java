package org.planetlab.plc.release;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;
import org.planetlab.trust.release.ReleaseFile;

/** A release as PLC keeps it: what was published, when, by whom, and which key signed its metadata. */
public record PublishedRelease(long number, String label, long publishedAt, Optional<Long> publishedBy, long expiresAt,
                               String keyId, List<ReleaseFile> files) {
    public PublishedRelease {
        requireNonNull(label, "label is null");
        requireNonNull(publishedBy, "publishedBy is null");
        requireNonNull(keyId, "keyId is null");
        files = List.copyOf(requireNonNull(files, "files is null"));
    }
}
