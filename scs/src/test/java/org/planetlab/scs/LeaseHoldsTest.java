package org.planetlab.scs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.planetlab.api.nodemanager.NodeManagerRequests.Accounts;
import org.planetlab.api.rspec.Rspec;
import org.planetlab.api.sliver.Reservations;
import org.planetlab.api.sliver.SliceStops;

/**
 * On a reservable node a sliver is held stopped unless its slice holds the current lease, and the
 * service knows the next moment that changes from the views alone; slivers made from tickets are
 * held and started the same way; elsewhere leases change nothing.
 */
class LeaseHoldsTest {
    private static final SliverView.Wanted FIRST = wanted("site_first", "plc.site.first");
    private static final SliverView.Wanted SECOND = wanted("site_second", "plc.site.second");
    private static final Reservations LEASES = new Reservations(Reservations.LEASE_OR_IDLE, List.of(
            new Reservations.Lease(1, "site_first", "plc.site.first", 100, 110),
            new Reservations.Lease(2, "site_second", "plc.site.second", 110, 120)));

    @Test
    void onlyTheCurrentLeaseHolderRunsAndTheNextBoundaryIsKnown() {
        SliverView view = view(LEASES);
        LeaseHolds holds = new LeaseHolds();
        assertThat(holds.apply(view, FIRST, Instant.ofEpochSecond(99)).started()).isFalse();
        assertThat(holds.apply(view, FIRST, Instant.ofEpochSecond(100)).started()).isTrue();
        assertThat(holds.apply(view, SECOND, Instant.ofEpochSecond(109)).started()).isFalse();
        assertThat(holds.apply(view, FIRST, Instant.ofEpochSecond(110)).started()).isFalse();
        assertThat(holds.apply(view, SECOND, Instant.ofEpochSecond(110)).started()).isTrue();
        assertThat(holds.apply(view, SECOND, Instant.ofEpochSecond(120)).started()).isFalse();
        assertThat(LeaseHolds.nextBoundary(List.of(view), Instant.ofEpochSecond(100))).contains(Instant.ofEpochSecond(110));
        assertThat(LeaseHolds.nextBoundary(List.of(view), Instant.ofEpochSecond(120))).isEmpty();

        SliverView shared = view(new Reservations(Reservations.NONE, LEASES.leases()));
        assertThat(holds.apply(shared, FIRST, Instant.ofEpochSecond(115)).started()).isTrue();
        assertThat(LeaseHolds.nextBoundary(List.of(shared), Instant.ofEpochSecond(0))).isEmpty();
    }

    @Test
    void aSliverMadeFromATicketIsHeldOutsideItsSlicesLeaseAndStartedWhenItBegins() {
        SliverView view = view(LEASES);
        LeaseHolds holds = new LeaseHolds();
        LocalVm running = vm("RUNNING", false);
        LocalVm stopped = vm("STOPPED", false);
        assertThat(holds.mayRun(view, "site_ticket", "plc.site.second", Instant.ofEpochSecond(105))).isFalse();
        assertThat(holds.leased(view, "site_ticket", "plc.site.second", running, Instant.ofEpochSecond(105)))
                .isEqualTo(LeaseHolds.Step.STOP);
        assertThat(holds.leased(view, "site_ticket", "plc.site.second", stopped, Instant.ofEpochSecond(109)))
                .isEqualTo(LeaseHolds.Step.NOTHING);
        assertThat(holds.leased(view, "site_ticket", "plc.site.second", stopped, Instant.ofEpochSecond(110)))
                .isEqualTo(LeaseHolds.Step.START);
        assertThat(holds.leased(view, "site_ticket", "plc.site.second", running, Instant.ofEpochSecond(115)))
                .isEqualTo(LeaseHolds.Step.NOTHING);
        assertThat(holds.leased(view, "site_ticket", "plc.site.second", vm("STOPPED", true), Instant.ofEpochSecond(115)))
                .as("stopped by the node's site: only the site starts it").isEqualTo(LeaseHolds.Step.NOTHING);
        assertThat(holds.leased(view, "site_ticket", "plc.site.second", running, Instant.ofEpochSecond(120)))
                .isEqualTo(LeaseHolds.Step.STOP);

        SliverView shared = view(new Reservations(Reservations.NONE, LEASES.leases()));
        LeaseHolds unreserved = new LeaseHolds();
        assertThat(unreserved.leased(shared, "site_ticket", "plc.site.second", running, Instant.ofEpochSecond(105)))
                .isEqualTo(LeaseHolds.Step.NOTHING);
        assertThat(unreserved.leased(shared, "site_ticket", "plc.site.second", stopped, Instant.ofEpochSecond(105)))
                .as("a sliver stopped for another reason on a node nobody reserves").isEqualTo(LeaseHolds.Step.NOTHING);
    }

    private static LocalVm vm(String phase, boolean siteStopped) {
        return new LocalVm("site_ticket", phase, "plc.scs", new Rspec(Map.of(), List.of(), "", ""), siteStopped);
    }

    private static SliverView view(Reservations reservations) {
        return new SliverView("v1", Map.of(FIRST.name(), FIRST, SECOND.name(), SECOND), new Accounts(List.of(), List.of()),
                SliceStops.NONE, reservations, List.of());
    }

    private static SliverView.Wanted wanted(String name, String hrn) {
        return new SliverView.Wanted(name, hrn, 1, true, Instant.ofEpochSecond(2_000_000_000L),
                new Rspec(Map.of(), List.of(), "", ""));
    }
}
