package org.planetlab.scs;

import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Advance reservations on this node: on a reservable node only the slice holding the current
 * lease runs; every other sliver is held stopped, and started again when its own lease begins.
 * Who may run is decided from the node's clock and the leases of the last view, so the switch
 * happens at the lease boundary even when the authority is not asked then. Not thread-safe: the
 * converger uses it on the service's one action thread.
 */
final class LeaseHolds {
    private static final Logger LOG = LoggerFactory.getLogger(LeaseHolds.class);

    private final Set<String> held = new HashSet<>();

    /** The sliver as it must be now: as its view says, or held stopped for want of the current lease. */
    SliverView.Wanted apply(SliverView view, SliverView.Wanted sliver, Instant now) {
        if (view.reservations().allows(sliver.hierarchicalName(), now.getEpochSecond())) {
            if (held.remove(sliver.name())) {
                LOG.info("{} runs: slice {} holds the current lease of this reservable node", sliver.name(),
                        sliver.hierarchicalName());
            }
            return sliver;
        }
        if (held.add(sliver.name())) {
            LOG.info("{} is held: slice {} holds no current lease of this reservable node{}", sliver.name(),
                    sliver.hierarchicalName(), view.reservations().current(now.getEpochSecond())
                            .map(lease -> " (lease " + lease.leaseId() + " of " + lease.hrn() + " runs until "
                                    + Instant.ofEpochSecond(lease.until()) + ")").orElse(""));
        }
        return sliver.held();
    }

    /** The first lease start or end of any view after {@code after}: when convergence is due again. */
    static Optional<Instant> nextBoundary(Collection<SliverView> views, Instant after) {
        return views.stream().flatMap(view -> view.reservations().nextBoundary(after.getEpochSecond()).stream())
                .min(Long::compare).map(Instant::ofEpochSecond);
    }
}
