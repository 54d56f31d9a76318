package org.planetlab.plc.lease;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.planetlab.plc.testing.Registry.rows;
import static org.planetlab.plc.testing.Registry.struct;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.planetlab.api.client.Credentials;
import org.planetlab.api.client.PlcClient;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.api.sliver.GetSliversAnswer;
import org.planetlab.api.sliver.GetSliversWire;
import org.planetlab.api.sliver.Reservations;
import org.planetlab.plc.testing.Registry;
import org.planetlab.plc.testing.RegistrySnapshot;
import org.planetlab.plc.testing.StoreKind;
import org.planetlab.plc.testing.TestingClock;
import org.planetlab.plc.testing.TestingPlc;

/**
 * Leases on both stores, over the wire: rounding to the granularity, overlaps refused naming the
 * lease in the way, only reservable nodes, who may add, move and cancel, hostile values refused
 * without a trace, PLCAPI's alive and clip filters, the earliest common free slot, and GetSlivers
 * carrying a reservable node's policy and leases.
 */
class LeaseRulesTest {
    private static final long HOUR = 3600;
    private static final long START = 1_900_000_000L - 1_900_000_000L % HOUR; // on the hour, in 2030

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void leasesFollowPlcapisRules(StoreKind store) {
        TestingClock clock = new TestingClock(Instant.ofEpochSecond(START));
        try (TestingPlc testing = TestingPlc.start(store, clock, Map.of("lease.granularity-seconds", "600"))) {
            PlcClient operator = testing.operator(PlcClient.Encoding.XML_RPC);
            Registry registry = new Registry(operator);
            long alab = registry.site("alab");
            long blab = registry.site("blab");
            long n1 = registry.node(alab, "n1.alab.org", "10.9.0.1");
            long n2 = registry.node(alab, "n2.alab.org", "10.9.0.2");
            long plain = registry.node(alab, "n3.alab.org", "10.9.0.3");
            PlcClient tech = testing.client(registry.person("tech@alab.org", "tech", alab), PlcClient.Encoding.JSON);
            tech.call("UpdateNode", n1, Map.of("node_type", "reservable"));
            tech.call("UpdateNode", n2, Map.of("node_type", "reservable"));
            PlcClient piA = testing.client(registry.person("pi@alab.org", "pi", alab), PlcClient.Encoding.JSON);
            PlcClient userA = testing.client(registry.person("user@alab.org", "user", alab), PlcClient.Encoding.JSON);
            PlcClient piB = testing.client(registry.person("pi@blab.org", "pi", blab), PlcClient.Encoding.JSON);
            PlcClient strangerA = testing.client(registry.person("other@alab.org", "user", alab), PlcClient.Encoding.JSON);
            piA.call("AddSlice", Map.of("name", "alab_exp"));
            piA.call("AddPersonToSlice", "user@alab.org", "alab_exp");
            piB.call("AddSlice", Map.of("name", "blab_other"));

            assertThat(operator.call("GetLeaseGranularity")).isEqualTo(600L);
            // Rounded inward: the start up, the end down.
            Map<String, Object> added = struct(userA.call("AddLeases", List.of("n1.alab.org", n2), "alab_exp",
                    START + HOUR + 1, START + 2 * HOUR + 599));
            assertThat(added.get("errors")).isEqualTo(List.of());
            @SuppressWarnings("unchecked")
            List<Long> ids = (List<Long>) added.get("new_ids");
            assertThat(ids).hasSize(2);
            Map<String, Object> lease = rows(operator.call("GetLeases", ids.getFirst())).getFirst();
            assertThat(lease).containsEntry("t_from", START + HOUR + 600).containsEntry("t_until", START + 2 * HOUR)
                    .containsEntry("node_id", n1).containsEntry("hostname", "n1.alab.org").containsEntry("name", "alab_exp")
                    .containsEntry("node_type", "reservable").containsEntry("site_id", alab)
                    .containsEntry("duration", 3000L).containsEntry("expired", false);

            String before = RegistrySnapshot.take(testing.plc().database());
            assertFault(() -> piB.call("AddLeases", n1, "blab_other", START + HOUR, START + 2 * HOUR + 1200), ErrorCode.IN_USE,
                    "node n1.alab.org is leased to slice alab_exp", "(lease_id " + ids.getFirst() + ")");
            assertFault(() -> piB.call("AddLeases", plain, "blab_other", START, START + HOUR), ErrorCode.INVALID_ARGUMENT,
                    "node n3.alab.org is not reservable (node_type regular)");
            assertFault(() -> strangerA.call("AddLeases", n1, "alab_exp", START + 3 * HOUR, START + 4 * HOUR),
                    ErrorCode.PERMISSION_DENIED, "neither a user of slice alab_exp nor a PI of its site");
            assertFault(() -> piB.call("AddLeases", n1, "alab_exp", START + 3 * HOUR, START + 4 * HOUR),
                    ErrorCode.PERMISSION_DENIED, "alab_exp");
            assertFault(() -> userA.call("AddLeases", n1, "alab_exp", START + 4 * HOUR, START + 3 * HOUR),
                    ErrorCode.INVALID_ARGUMENT, "t_until (" + (START + 3 * HOUR) + ") must be after t_from");
            assertFault(() -> userA.call("AddLeases", n1, "alab_exp", START + 1, START + 599), ErrorCode.INVALID_ARGUMENT,
                    "holds no whole period of the lease granularity (600 s)");
            assertFault(() -> userA.call("AddLeases", n1, "alab_exp", START - 2 * HOUR, START - HOUR),
                    ErrorCode.INVALID_ARGUMENT, "which is past");
            assertFault(() -> userA.call("AddLeases", n1, "alab_exp", START, START + 400L * 24 * HOUR),
                    ErrorCode.INVALID_ARGUMENT, "a lease may last at most");
            assertFault(() -> userA.call("AddLeases", n1, "alab_exp", -5L, START), ErrorCode.INVALID_ARGUMENT, "t_from");
            assertFault(() -> userA.call("AddLeases", n1, "alab_exp", START, 99_999_999_999_999L), ErrorCode.INVALID_ARGUMENT,
                    "t_until");
            assertFault(() -> userA.call("AddLeases", n1, "alab_exp", "tomorrow", START + HOUR), ErrorCode.INVALID_ARGUMENT,
                    "t_from: expected seconds since 1970 or a UTC date and time", "'tomorrow'");
            assertFault(() -> userA.call("AddLeases", "nosuch.alab.org", "alab_exp", START, START + HOUR),
                    ErrorCode.NOT_FOUND, "no node with hostname \"nosuch.alab.org\"");
            assertFault(() -> userA.call("AddLeases", List.of(), "alab_exp", START, START + HOUR),
                    ErrorCode.INVALID_ARGUMENT, "no node given");
            assertFault(() -> userA.call("AddLeases", n1, "alab_nosuch", START, START + HOUR), ErrorCode.NOT_FOUND,
                    "no live slice named alab_nosuch");
            assertThat(RegistrySnapshot.take(testing.plc().database())).isEqualTo(before);

            // Consecutive slots touch without overlapping.
            // Times may be given as PLCAPI took them: UTC dates and times as text.
            long next = firstId(piB.call("AddLeases", n1, "blab_other", Instant.ofEpochSecond(START + 2 * HOUR).toString(),
                    Instant.ofEpochSecond(START + 3 * HOUR).toString().replace('T', ' ').replace(":00Z", "")));
            assertThat(rows(operator.call("GetLeases", next, List.of("t_from", "t_until"))))
                    .containsExactly(Map.of("t_from", START + 2 * HOUR, "t_until", START + 3 * HOUR));
            // A request is refused as a whole: n2 is free then, n1 is not.
            String withNext = RegistrySnapshot.take(testing.plc().database());
            assertFault(() -> piB.call("AddLeases", List.of(n2, n1), "blab_other", START + 2 * HOUR, START + 3 * HOUR),
                    ErrorCode.IN_USE, "n1.alab.org", "lease_id " + next);
            assertThat(RegistrySnapshot.take(testing.plc().database())).isEqualTo(withNext);
            assertThat(ids(operator.call("GetLeases", Map.of("alive", START + 2 * HOUR)))).containsExactly(next);
            assertThat(ids(operator.call("GetLeases", Map.of("alive", START + 2 * HOUR - 1)))).containsExactlyElementsOf(ids);
            assertThat(ids(operator.call("GetLeases", Map.of("alive", List.of(START, START + HOUR + 600))))).isEmpty();
            assertThat(ids(operator.call("GetLeases", Map.of("clip", START + 2 * HOUR, "node_id", n1)))).containsExactly(next);
            assertThat(ids(operator.call("GetLeases", Map.of("~alive", START + 2 * HOUR)))).containsExactlyElementsOf(ids);
            assertThat(rows(testing.client(new Credentials.Anonymous(), PlcClient.Encoding.XML_RPC)
                    .call("GetLeases", null, List.of("name")))).hasSize(3);

            // Finding the earliest common slot: n1 is busy until +3h, n2 until +2h.
            assertThat(struct(userA.call("GetLeaseWindow", List.of(n1, n2), HOUR, START))).containsEntry("t_from", START)
                    .containsEntry("t_until", START + HOUR).containsEntry("node_ids", List.of(n1, n2));
            Map<String, Object> window = struct(userA.call("GetLeaseWindow", List.of(n1, n2), 2 * HOUR, START));
            assertThat(window).containsEntry("t_from", START + 3 * HOUR).containsEntry("t_until", START + 5 * HOUR);
            assertThat(struct(userA.call("GetLeaseWindow", List.of(n2), 3000L, START))).containsEntry("t_from", START)
                    .containsEntry("t_until", START + 3000);
            assertThat(struct(userA.call("GetLeaseWindow", List.of(n2), 4201L, START))).containsEntry("t_from", START + 2 * HOUR);
            assertFault(() -> userA.call("GetLeaseWindow", List.of(plain), HOUR, START), ErrorCode.INVALID_ARGUMENT,
                    "not reservable");
            long reserved = firstId(userA.call("AddLeases", List.of(n1, n2), "alab_exp", (Long) window.get("t_from"),
                    (Long) window.get("t_until")));
            assertThat(reserved).isPositive();

            // Moving and cancelling follow the same rules.
            assertFault(() -> userA.call("UpdateLeases", ids.getFirst(), Map.of("t_until", START + 3 * HOUR)), ErrorCode.IN_USE,
                    "lease_id " + next);
            assertFault(() -> strangerA.call("DeleteLeases", List.of(next)), ErrorCode.PERMISSION_DENIED, "blab_other");
            assertFault(() -> userA.call("DeleteLeases", List.of(999L)), ErrorCode.NOT_FOUND, "no lease with lease_id 999");
            assertThat(struct(piB.call("UpdateLeases", next, Map.of("t_from", START + 2 * HOUR + 600))))
                    .containsEntry("updated_ids", List.of(next));
            assertThat(userA.call("UpdateLeases", List.of(ids.getFirst()), Map.of("t_until", START + 2 * HOUR + 600)))
                    .isNotNull();
            assertThat(piA.call("DeleteLeases", ids.get(1))).isEqualTo(1L);
            assertThat(ids(operator.call("GetLeases", Map.of("node_id", n2)))).containsExactly(reserved + 1);

            // The node learns its policy and its leases not yet over through GetSlivers.
            PlcClient node = testing.operator(PlcClient.Encoding.JSON).as(testing.nodeSession(n1));
            GetSliversAnswer.Full view = (GetSliversAnswer.Full) GetSliversWire.fromWire(node.call("GetSlivers"));
            Reservations reservations = view.view().reservations();
            assertThat(reservations.policy()).isEqualTo(Reservations.LEASE_OR_IDLE);
            assertThat(reservations.leases()).extracting(Reservations.Lease::leaseId)
                    .containsExactly(ids.getFirst(), next, reserved);
            assertThat(reservations.leases().getFirst().hrn()).endsWith("alab.exp");
            clock.advance(java.time.Duration.ofSeconds(2 * HOUR + 1200));
            piA.call("DeleteSlice", "alab_exp");
            PlcClient nodeLater = testing.operator(PlcClient.Encoding.JSON).as(testing.nodeSession(n1));
            GetSliversAnswer.Full later = (GetSliversAnswer.Full) GetSliversWire.fromWire(nodeLater.call("GetSlivers"));
            assertThat(later.view().reservations().leases()).extracting(Reservations.Lease::leaseId).containsExactly(next);
            assertThat(ids(operator.call("GetLeases", Map.of("expired", false)))).containsExactly(next);
            PlcClient plainNode = testing.operator(PlcClient.Encoding.JSON).as(testing.nodeSession(plain));
            assertThat(((GetSliversAnswer.Full) GetSliversWire.fromWire(plainNode.call("GetSlivers"))).view().reservations())
                    .isEqualTo(Reservations.UNRESERVED);
        }
    }

    private static long firstId(Object added) {
        @SuppressWarnings("unchecked")
        List<Long> ids = (List<Long>) struct(added).get("new_ids");
        return ids.getFirst();
    }

    private static List<Long> ids(Object leases) {
        return rows(leases).stream().map(row -> (Long) row.get("lease_id")).toList();
    }

    private static void assertFault(ThrowableAssert.ThrowingCallable call, ErrorCode code, String... fragments) {
        assertThatThrownBy(call).isInstanceOfSatisfying(PlanetLabException.class, e -> {
            assertThat(e.code()).isEqualTo(code);
            for (String fragment : fragments) {
                assertThat(e.getMessage()).contains(fragment);
            }
        });
    }
}
