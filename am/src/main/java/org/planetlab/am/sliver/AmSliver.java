package org.planetlab.am.sliver;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * A sliver as the aggregate keeps it: its URN, the PLC slice and node it is the sliver of, the
 * request's name for it, its allocation state ({@code geni_allocated} or {@code geni_provisioned})
 * and when it lapses (seconds since the epoch): an allocation soon, a provisioned sliver with its slice.
 */
public record AmSliver(String sliverUrn, long sliceId, long nodeId, Optional<String> clientId, String allocationState,
        long allocationExpires) {
    public static final String ALLOCATED = "geni_allocated";
    public static final String PROVISIONED = "geni_provisioned";
    public static final String UNALLOCATED = "geni_unallocated";

    public AmSliver {
        requireNonNull(sliverUrn, "sliverUrn is null");
        requireNonNull(clientId, "clientId is null");
        requireNonNull(allocationState, "allocationState is null");
    }

    public boolean provisioned() {
        return allocationState.equals(PROVISIONED);
    }
}
