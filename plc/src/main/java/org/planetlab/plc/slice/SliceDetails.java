package org.planetlab.plc.slice;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * A live slice as its readers (a portal, an aggregate manager) see it: both its names, what it
 * says it does, its state and its lifetime (seconds since the epoch).
 */
public record SliceDetails(long sliceId, long siteId, String name, String hierarchicalName, String instantiation,
        String state, Optional<String> url, Optional<String> description, long maxNodes, long created,
        long expires) {
    public SliceDetails {
        requireNonNull(name, "name is null");
        requireNonNull(hierarchicalName, "hierarchicalName is null");
        requireNonNull(instantiation, "instantiation is null");
        requireNonNull(state, "state is null");
        requireNonNull(url, "url is null");
        requireNonNull(description, "description is null");
    }
}
