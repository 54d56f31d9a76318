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
 * Slivers made from tickets are held the same way as those of the views: a ticket grants a
 * sliver, not the node's reserved time. Who may run is decided from the node's clock and the
 * leases of the last view, so the switch happens at the lease boundary even when the authority
 * is not asked then. Not thread-safe: the converger uses it on the service's one action thread.
 */
final class LeaseHolds {
    private static final Logger LOG = LoggerFactory.getLogger(LeaseHolds.class);

    /** What a sliver made from a ticket needs for the node's reservations. */
    enum Step { NOTHING, STOP, START }

    private final Set<String> held = new HashSet<>();

    /** The sliver as it must be now: as its view says, or held stopped for want of the current lease. */
    SliverView.Wanted apply(SliverView view, SliverView.Wanted sliver, Instant now) {
        return mayRun(view, sliver.name(), sliver.hierarchicalName(), now) ? sliver : sliver.held();
    }

    /**
     * What a sliver made from a ticket of slice {@code hrn} needs now, by the view of its
     * authority: stopped while another slice (or no one) holds the node, started when its slice's
     * lease begins if it was held for want of one. A sliver its site stopped is left stopped.
     */
    Step leased(SliverView view, String name, String hrn, LocalVm vm, Instant now) {
        boolean wasHeld = held.contains(name);
        if (!mayRun(view, name, hrn, now)) {
            return vm.stopped() ? Step.NOTHING : Step.STOP;
        }
        // Held before this service started again, the sliver is known only by being stopped on a reservable node.
        boolean heldHere = wasHeld || view.reservations().reservable();
        return heldHere && vm.stopped() && !vm.siteStopped() ? Step.START : Step.NOTHING;
    }

    /** Whether slice {@code hrn}'s sliver may run now; notes (and logs) a hold beginning or ending. */
    boolean mayRun(SliverView view, String name, String hrn, Instant now) {
        if (view.reservations().allows(hrn, now.getEpochSecond())) {
            if (held.remove(name)) {
                LOG.info("{} runs: slice {} holds the current lease of this reservable node", name, hrn);
            }
            return true;
        }
        if (held.add(name)) {
            LOG.info("{} is held: slice {} holds no current lease of this reservable node{}", name, hrn,
                    view.reservations().current(now.getEpochSecond())
                            .map(lease -> " (lease " + lease.leaseId() + " of " + lease.hrn() + " runs until "
                                    + Instant.ofEpochSecond(lease.until()) + ")").orElse(""));
        }
        return false;
    }

    /** The first lease start or end of any view after {@code after}: when convergence is due again. */
    static Optional<Instant> nextBoundary(Collection<SliverView> views, Instant after) {
        return views.stream().flatMap(view -> view.reservations().nextBoundary(after.getEpochSecond()).stream())
                .min(Long::compare).map(Instant::ofEpochSecond);
    }
}
