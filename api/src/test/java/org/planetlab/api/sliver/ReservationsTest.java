package org.planetlab.api.sliver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.planetlab.api.wire.JsonCodec;

/**
 * A reservable node's policy and leases: who may run when, the next moment that changes, and the
 * wire form (PLCAPI's reservation_policy and leases) read back equal or refused with the field named.
 */
class ReservationsTest {
    private static final Reservations RESERVED = new Reservations(Reservations.LEASE_OR_IDLE, List.of(
            new Reservations.Lease(2, "site_b", "plc.site.b", 200, 300),
            new Reservations.Lease(1, "site_a", "plc.site.a", 100, 200)));

    @Test
    void onlyTheHolderOfTheCurrentLeaseRunsAndBoundariesAreHalfOpen() {
        assertThat(RESERVED.leases()).extracting(Reservations.Lease::leaseId).containsExactly(1L, 2L);
        assertThat(RESERVED.allows("plc.site.a", 99)).isFalse();
        assertThat(RESERVED.allows("plc.site.a", 100)).isTrue();
        assertThat(RESERVED.allows("plc.site.a", 200)).isFalse();
        assertThat(RESERVED.allows("plc.site.b", 200)).isTrue();
        assertThat(RESERVED.allows("plc.site.b", 300)).isFalse();
        assertThat(RESERVED.allows("plc.site.c", 150)).isFalse();
        assertThat(Reservations.UNRESERVED.allows("plc.site.c", 150)).isTrue();
        assertThat(RESERVED.nextBoundary(50)).contains(100L);
        assertThat(RESERVED.nextBoundary(100)).contains(200L);
        assertThat(RESERVED.nextBoundary(250)).contains(300L);
        assertThat(RESERVED.nextBoundary(300)).isEmpty();
        assertThat(Reservations.UNRESERVED.nextBoundary(0)).isEmpty();
    }

    @Test
    void leasesTravelWithTheViewAndAnAuthorityWithoutThemReservesNothing() {
        JsonCodec json = new JsonCodec();
        NodeView view = GetSliversWireTest.VIEW;
        NodeView reserved = new NodeView(view.nodeId(), view.hostname(), view.interfaces(), view.groups(), view.confFiles(),
                view.initScripts(), view.accounts(), view.slivers(), SliceStops.NONE, RESERVED);
        GetSliversAnswer full = new GetSliversAnswer.Full("v1", 1L, reserved);
        Map<String, Object> wire = GetSliversWire.toWire(full);
        assertThat(wire.get("reservation_policy")).isEqualTo("lease_or_idle");
        assertThat(((Map<?, ?>) ((List<?>) wire.get("leases")).getFirst()).keySet()).map(String::valueOf)
                .containsExactly("lease_id", "name", "hrn", "t_from", "t_until");
        assertThat(GetSliversWire.fromWire(json.read(json.write(wire)))).isEqualTo(full);

        Map<String, Object> old = new LinkedHashMap<>(wire);
        old.remove("reservation_policy");
        old.remove("leases");
        assertThat(((GetSliversAnswer.Full) GetSliversWire.fromWire(old)).view().reservations()).isEqualTo(Reservations.UNRESERVED);

        Map<String, Object> hostile = new LinkedHashMap<>(wire);
        hostile.put("reservation_policy", "whoever_pays");
        assertThatThrownBy(() -> GetSliversWire.fromWire(hostile)).hasMessageContaining("reservation policy must be");
        hostile.put("reservation_policy", "lease_or_idle");
        hostile.put("leases", List.of(Map.of("lease_id", 1L, "name", "a", "hrn", "plc.a", "t_from", 5L, "t_until", 5L)));
        assertThatThrownBy(() -> GetSliversWire.fromWire(hostile)).hasMessageContaining("leases[0].")
                .hasMessageContaining("ends (5) before it starts (5)");
        hostile.put("leases", List.of(Map.of("lease_id", 1L, "name", "a", "t_from", 5L, "t_until", 6L)));
        assertThatThrownBy(() -> GetSliversWire.fromWire(hostile)).hasMessageContaining("leases[0].hrn must be a string");
    }
}
