package org.planetlab.plc.slice;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * What to change of a slice. An empty Optional leaves a field as it is; for URL and description
 * the inner Optional is the new value, empty to unset it. A later {@code expires} renews the slice.
 */
public record SliceUpdate(Optional<String> instantiation, Optional<Optional<String>> url,
        Optional<Optional<String>> description, Optional<Long> maxNodes, Optional<Long> expires) {
    public SliceUpdate {
        requireNonNull(instantiation, "instantiation is null");
        requireNonNull(url, "url is null");
        requireNonNull(description, "description is null");
        requireNonNull(maxNodes, "maxNodes is null");
        requireNonNull(expires, "expires is null");
    }

    /** Renews the slice until {@code expires} (seconds since the epoch). */
    public static SliceUpdate renewal(long expires) {
        return new SliceUpdate(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of(expires));
    }
}
