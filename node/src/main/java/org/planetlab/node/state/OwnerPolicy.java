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
 * @param accountsFrom the slice (a slice creation service such as {@code plc.scs}) the owner lets
 *     install the login keys of the site's PIs and techs ({@code site_admin}) and of the
 *     operators ({@code root}) as its authority lists them; empty for nobody
 */
public record OwnerPolicy(long nodeRateKbps, Set<String> blacklistedSlices, Set<String> blacklistedAuthorities, String accountsFrom) {
    public static final OwnerPolicy NONE = new OwnerPolicy(0, Set.of(), Set.of(), "");

    public OwnerPolicy {
        if (nodeRateKbps < 0) {
            throw new IllegalArgumentException("nodeRateKbps is negative");
        }
        blacklistedSlices = Set.copyOf(new TreeSet<>(requireNonNull(blacklistedSlices, "blacklistedSlices is null")));
        blacklistedAuthorities = Set.copyOf(new TreeSet<>(requireNonNull(blacklistedAuthorities, "blacklistedAuthorities is null")));
        requireNonNull(accountsFrom, "accountsFrom is null");
        if (!accountsFrom.isEmpty()) {
            SliceNames.check(accountsFrom);
        }
    }

    public OwnerPolicy(long nodeRateKbps, Set<String> blacklistedSlices, Set<String> blacklistedAuthorities) {
        this(nodeRateKbps, blacklistedSlices, blacklistedAuthorities, "");
    }

    /** True if Bind must refuse this slice, by its own name or its authority's. */
    public boolean refuses(String slice, String authority) {
        return blacklistedSlices.contains(slice) || (!authority.isEmpty() && blacklistedAuthorities.contains(authority));
    }

    public OwnerPolicy withNodeRate(long kbps) {
        return new OwnerPolicy(kbps, blacklistedSlices, blacklistedAuthorities, accountsFrom);
    }

    public OwnerPolicy withBlacklists(Set<String> slices, Set<String> authorities) {
        return new OwnerPolicy(nodeRateKbps, slices, authorities, accountsFrom);
    }

    public OwnerPolicy withAccountsFrom(String slice) {
        return new OwnerPolicy(nodeRateKbps, blacklistedSlices, blacklistedAuthorities, slice);
    }
}
