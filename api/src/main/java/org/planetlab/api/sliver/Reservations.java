package org.planetlab.api.sliver;

import static java.util.Objects.requireNonNull;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A node's reservation policy and the leases it must honour, as GetSlivers carries them (PLCAPI's
 * {@code reservation_policy} and {@code leases}). On a node whose policy is
 * {@link #LEASE_OR_IDLE} only the slice holding the current lease runs; the node decides with its
 * own clock from this list, so the switch happens at the lease boundary, not at the next poll.
 *
 * @param policy {@link #NONE} or {@link #LEASE_OR_IDLE}
 * @param leases the leases not yet over when the view was made, earliest first
 */
public record Reservations(String policy, List<Lease> leases) {
    /** Slivers run as their slices' states say. */
    public static final String NONE = "none";
    /** A reservable node: only the holder of the current lease runs; with no lease, nothing does. */
    public static final String LEASE_OR_IDLE = "lease_or_idle";
    public static final Reservations UNRESERVED = new Reservations(NONE, List.of());

    public Reservations {
        requireNonNull(policy, "policy is null");
        if (!policy.equals(NONE) && !policy.equals(LEASE_OR_IDLE)) {
            throw new IllegalArgumentException("reservation policy must be " + NONE + " or " + LEASE_OR_IDLE + ", got " + policy);
        }
        leases = requireNonNull(leases, "leases is null").stream().sorted(Comparator.comparingLong(Lease::from)).toList();
    }

    /**
     * One lease: the slot [from, until) in seconds since the epoch.
     *
     * @param name the slice's PLCAPI name
     * @param hrn the slice's hierarchical name
     */
    public record Lease(long leaseId, String name, String hrn, long from, long until) {
        public Lease {
            requireNonNull(name, "name is null");
            requireNonNull(hrn, "hrn is null");
            if (until <= from) {
                throw new IllegalArgumentException("lease " + leaseId + " ends (" + until + ") before it starts (" + from + ")");
            }
        }

        public boolean runsAt(long epochSecond) {
            return from <= epochSecond && epochSecond < until;
        }
    }

    public boolean reservable() {
        return policy.equals(LEASE_OR_IDLE);
    }

    /** Whether the slice of this hierarchical name may run at that second. */
    public boolean allows(String hrn, long epochSecond) {
        return !reservable() || current(epochSecond).filter(lease -> lease.hrn().equals(hrn)).isPresent();
    }

    /** The lease running at that second, if any. */
    public Optional<Lease> current(long epochSecond) {
        return leases.stream().filter(lease -> lease.runsAt(epochSecond)).findFirst();
    }

    /** The first start or end of a lease strictly after that second: when who may run changes next. */
    public Optional<Long> nextBoundary(long epochSecond) {
        if (!reservable()) {
            return Optional.empty();
        }
        return leases.stream().flatMap(lease -> java.util.stream.Stream.of(lease.from(), lease.until()))
                .filter(moment -> moment > epochSecond).min(Long::compare);
    }
}
