package org.planetlab.am.sliver;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.Optional;

/**
 * A sliver as the aggregate keeps it: its URN, the PLC slice and node it is the sliver of, the
 * request's name for it, its allocation state ({@code geni_allocated} or {@code geni_provisioned}),
 * when it lapses (seconds since the epoch): an allocation soon, a provisioned sliver with its slice;
 * and the §4.10 attributes its request asked for, by name.
 */
public record AmSliver(String sliverUrn, long sliceId, long nodeId, Optional<String> clientId, String allocationState,
        long allocationExpires, Map<String, String> attributes) {
    public static final String ALLOCATED = "geni_allocated";
    public static final String PROVISIONED = "geni_provisioned";
    public static final String UNALLOCATED = "geni_unallocated";

    public AmSliver {
        requireNonNull(sliverUrn, "sliverUrn is null");
        requireNonNull(clientId, "clientId is null");
        requireNonNull(allocationState, "allocationState is null");
        attributes = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(attributes));
    }

    public boolean provisioned() {
        return allocationState.equals(PROVISIONED);
    }
}
