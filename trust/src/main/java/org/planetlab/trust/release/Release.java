package org.planetlab.trust.release;

import static java.util.Objects.requireNonNull;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.trust.cert.Validity;

/**
 * A node software release as its release metadata states it (TUF's targets metadata): a number
 * that only grows, a label for people, every file with its length and digest, and how long the
 * statement holds.
 *
 * @param number the release number, from 1; a node never goes back to a lower one
 * @param label what operators call it, e.g. {@code 2026.12.06-agent-fix}
 * @param files the files, in the order they were published, names unique
 * @param validity when the metadata may be used; past its end a node refuses it (freeze)
 */
public record Release(long number, String label, List<ReleaseFile> files, Validity validity) {
    public Release {
        requireNonNull(label, "label is null");
        files = List.copyOf(requireNonNull(files, "files is null"));
        requireNonNull(validity, "validity is null");
        if (number < 1) {
            throw PlanetLabException.invalidArgument("release number must be at least 1, got " + number);
        }
        if (label.isBlank() || label.length() > 128 || !label.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
            throw PlanetLabException.invalidArgument("release label must be 1-128 printable ASCII characters");
        }
        if (files.isEmpty()) {
            throw PlanetLabException.invalidArgument("release " + number + " has no files; a release carries at least one");
        }
        Set<String> names = new HashSet<>();
        for (ReleaseFile file : files) {
            if (!names.add(file.name())) {
                throw PlanetLabException.invalidArgument("release " + number + " lists file " + file.name() + " twice");
            }
        }
    }

    public Optional<ReleaseFile> file(String name) {
        return files.stream().filter(file -> file.name().equals(name)).findFirst();
    }

    /** The sum of the files' lengths. */
    public long totalLength() {
        return files.stream().mapToLong(ReleaseFile::length).sum();
    }
}
