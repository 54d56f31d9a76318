package org.planetlab.node.state;

import static java.util.Objects.requireNonNull;

import java.util.Set;
import java.util.TreeSet;

/**
 * The site's preferences the owner script sets (Architecture §4.9) that the node manager
 * enforces itself.
 *
 * @param nodeRateKbps the node's outgoing cap; 0 keeps the network's configured default
 * @param blacklistedSlices slices Bind refuses
 * @param blacklistedAuthorities slice authorities whose pools Bind refuses
 */
public record OwnerPolicy(long nodeRateKbps, Set<String> blacklistedSlices, Set<String> blacklistedAuthorities) {
    public static final OwnerPolicy NONE = new OwnerPolicy(0, Set.of(), Set.of());

    public OwnerPolicy {
        if (nodeRateKbps < 0) {
            throw new IllegalArgumentException("nodeRateKbps is negative");
        }
        blacklistedSlices = Set.copyOf(new TreeSet<>(requireNonNull(blacklistedSlices, "blacklistedSlices is null")));
        blacklistedAuthorities = Set.copyOf(new TreeSet<>(requireNonNull(blacklistedAuthorities, "blacklistedAuthorities is null")));
    }

    /** True if Bind must refuse this slice, by its own name or its authority's. */
    public boolean refuses(String slice, String authority) {
        return blacklistedSlices.contains(slice) || (!authority.isEmpty() && blacklistedAuthorities.contains(authority));
    }
}
