package org.planetlab.plc.stop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.planetlab.api.client.PlcClient;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.plc.testing.Registry;
import org.planetlab.plc.testing.StoreKind;
import org.planetlab.plc.testing.TestingPlc;

/**
 * The big red button at each level, pressed by each kind of person: allowed exactly to the
 * slice's users, its site's PIs, the node's site and operators as documented, refused to
 * everyone else; every stop shows in the nodes' views, refuses tickets while it holds, and is
 * recorded with who, why and when. On both stores.
 */
class StopLevelsTest {
    private TestingPlc testing;
    private PlcClient operator;
    private PlcClient piA;
    private PlcClient techA;
    private PlcClient userA;
    private PlcClient strangerA;
    private PlcClient piB;
    private PlcClient techB;
    private long nodeA;
    private long nodeB;

    private TestingPlc registry(StoreKind store) {
        testing = TestingPlc.start(store);
        operator = testing.operator(PlcClient.Encoding.JSON);
        Registry registry = new Registry(operator);
        long siteA = registry.site("alab");
        long siteB = registry.site("blab");
        piA = operator.as(registry.person("pi@alab.org", "pi", siteA));
        techA = operator.as(registry.person("tech@alab.org", "tech", siteA));
        userA = operator.as(registry.person("user@alab.org", "user", siteA));
        strangerA = operator.as(registry.person("stranger@alab.org", "user", siteA));
        piB = operator.as(registry.person("pi@blab.org", "pi", siteB));
        techB = operator.as(registry.person("tech@blab.org", "tech", siteB));
        nodeA = registry.node(siteA, "n1.alab.org", "10.9.0.1");
        nodeB = registry.node(siteB, "n1.blab.org", "10.9.0.2");
        for (String slice : List.of("alab_exp", "alab_other")) {
            operator.call("AddSlice", Map.of("name", slice, "url", "https://alab.org/", "description", "experiment"));
            operator.call("AddPersonToSlice", "user@alab.org", slice);
            operator.call("AddSliceToNodes", slice, List.of(nodeA, nodeB));
        }
        operator.call("AddSlice", Map.of("name", "blab_exp", "url", "https://blab.org/", "description", "experiment"));
        operator.call("AddSliceToNodes", "blab_exp", List.of(nodeA, nodeB));
        return testing;
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void oneSliverIsStoppedByItsUsersItsPisTheNodesSiteAndOperatorsOnly(StoreKind store) {
        try (TestingPlc started = registry(store)) {
            // Refused: a user of the site who is not in the slice, the slice's site's tech on another site's node,
            // another site's PI on a node not of their site.
            denied(() -> strangerA.call("StopSliver", "alab_exp", nodeB, "curious"), "StopSliver");
            denied(() -> techA.call("StopSliver", "alab_exp", nodeB, "not my node"), "StopSliver");
            denied(() -> piB.call("StopSliver", "alab_exp", nodeA, "not my node"), "StopSliver");
            assertThat(states(nodeB)).containsEntry("alab_exp", "started");

            userA.call("StopSliver", "alab_exp", nodeB, "runaway on n1.blab");
            assertThat(states(nodeB)).containsEntry("alab_exp", "stopped").containsEntry("alab_other", "started");
            assertThat(states(nodeA)).containsEntry("alab_exp", "started");
            userA.call("StartSliver", "alab_exp", nodeB);
            assertThat(states(nodeB)).containsEntry("alab_exp", "started");

            // The node's site stops it; the slice's user cannot undo that, the site can.
            techB.call("StopSliver", "alab_exp", nodeB, "saturates our uplink");
            denied(() -> userA.call("StartSliver", "alab_exp", nodeB), "only the site or an operator");
            techB.call("StartSliver", "alab_exp", nodeB);
            piA.call("StopSliver", "alab_exp", nodeB, "the PI says so");
            assertThat(states(nodeB)).containsEntry("alab_exp", "stopped");
            operator.call("StartSliver", "alab_exp", nodeB);

            // An operator's stop holds against everyone but operators.
            operator.call("StopSliver", "alab_exp", nodeA, "abuse report 4711");
            denied(() -> userA.call("StartSliver", "alab_exp", nodeA), "only an operator");
            denied(() -> piA.call("StartSliver", "alab_exp", nodeA), "only an operator");
            denied(() -> techA.call("StartSliver", "alab_exp", nodeA), "only an operator");
            assertThat(states(nodeA)).containsEntry("alab_exp", "stopped");

            List<Map<String, Object>> stops = Registry.rows(userA.call("GetSliceStops",
                    Map.of("slice", "alab_exp", "active", true)));
            assertThat(stops).singleElement().satisfies(stop -> {
                assertThat(stop).containsEntry("level", "sliver").containsEntry("node_id", nodeA)
                        .containsEntry("authority", "operator").containsEntry("reason", "abuse report 4711")
                        .containsEntry("person_id", new Registry(operator).personId(TestingPlc.OPERATOR_EMAIL));
                assertThat((Long) stop.get("stopped_at")).isPositive();
            });
            assertThat(Registry.rows(userA.call("GetSliceStops", Map.of("slice", "alab_exp")))).hasSize(4);
            // Another site's PI sees no stop of alab's slices on alab's nodes.
            assertThat(Registry.rows(piB.call("GetSliceStops", Map.of("slice", "alab_exp", "active", true))))
                    .isEmpty();
            operator.call("StartSliver", "alab_exp", nodeA);
            assertThat(states(nodeA)).containsEntry("alab_exp", "started");
        }
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void aStoppedSliceGetsNoTicketUntilItIsStartedAgain(StoreKind store) {
        try (TestingPlc started = registry(store)) {
            assertThat(userA.call("GetSliceTicket", "alab_exp")).asString().contains("<slice name=\"plc.alab.exp\"/>");
            denied(() -> strangerA.call("StopSlice", "alab_exp", "curious"), "StopSlice");
            userA.call("StopSlice", "alab_exp", "bug in the crawler");
            assertThat(states(nodeA)).containsEntry("alab_exp", "stopped");
            assertThat(states(nodeB)).containsEntry("alab_exp", "stopped");
            denied(() -> userA.call("GetSliceTicket", "alab_exp"), "bug in the crawler");
            // Every node's view names the stopped slice, so a ticket issued before the stop is refused anywhere.
            for (long node : List.of(nodeA, nodeB)) {
                assertThat(stops(node)).containsEntry("all", false).containsEntry("slices", List.of("plc.alab.exp"));
            }
            assertThat(Registry.rows(userA.call("GetSliceStops", Map.of("slice", "alab_exp"))))
                    .singleElement().satisfies(stop -> assertThat(stop).containsEntry("level", "slice")
                            .containsEntry("authority", "slice").containsEntry("reason", "bug in the crawler")
                            .containsEntry("lifted_at", null));
            userA.call("StartSlice", "alab_exp");
            assertThat(states(nodeA)).containsEntry("alab_exp", "started");
            assertThat(stops(nodeB)).containsEntry("slices", List.of());
            assertThat(userA.call("GetSliceTicket", "alab_exp")).asString().contains("<slice name=\"plc.alab.exp\"/>");
            assertThat(Registry.rows(userA.call("GetSliceStops", Map.of("slice", "alab_exp", "active",
                    false)))).singleElement().satisfies(stop -> assertThat(stop.get("lifted_at")).isNotNull());
        }
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void aSitesPiStopsTheSitesSlicesAndNoOneElsesSite(StoreKind store) {
        try (TestingPlc started = registry(store)) {
            denied(() -> piB.call("StopSiteSlices", "alab", "not mine"), "only a PI of site alab");
            denied(() -> techA.call("StopSiteSlices", "alab", "tech"), "StopSiteSlices may be called by");
            denied(() -> userA.call("StopSiteSlices", "alab", "user"), "StopSiteSlices may be called by");
            assertThat(piA.call("StopSiteSlices", "alab", "audit of alab's experiments")).isEqualTo(2L);
            assertThat(states(nodeB)).containsEntry("alab_exp", "stopped").containsEntry("alab_other", "stopped")
                    .containsEntry("blab_exp", "started");
            denied(() -> userA.call("GetSliceTicket", "alab_other"), "audit of alab's experiments");
            assertThat(Registry.rows(operator.call("GetSliceStops", Map.of("site", "alab"))))
                    .hasSize(2).allSatisfy(stop -> assertThat(stop).containsEntry("level", "site")
                            .containsEntry("authority", "site"));
            assertThat(operator.call("StopSiteSlices", "blab", "operators stop blab")).isEqualTo(1L);
            assertThat(states(nodeA)).containsEntry("blab_exp", "stopped");
            // A slice an operator stopped is started only by an operator.
            denied(() -> piB.call("StartSlice", "blab_exp"), "stopped by PlanetLab operators");
        }
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void theBigRedButtonStopsEverySliceUntilAnOperatorResumes(StoreKind store) {
        try (TestingPlc started = registry(store)) {
            userA.call("StopSlice", "alab_other", "paused before the emergency");
            for (PlcClient person : List.of(piA, techA, userA, piB)) {
                denied(() -> person.call("StopAllSlices", "not an operator"), "StopAllSlices may be called by");
            }
            operator.call("StopAllSlices", "worm spreading through sliver images");
            for (long node : List.of(nodeA, nodeB)) {
                assertThat(states(node)).containsEntry("alab_exp", "stopped").containsEntry("alab_other", "stopped")
                        .containsEntry("blab_exp", "stopped");
            }
            denied(() -> userA.call("GetSliceTicket", "alab_exp"), "worm spreading");
            assertThat(stops(nodeB)).containsEntry("all", true).containsEntry("slices", List.of("plc.alab.other"));
            denied(() -> userA.call("StartSlice", "alab_exp"), "ResumeAllSlices");
            assertThatThrownBy(() -> operator.call("StopAllSlices", "again"))
                    .isInstanceOfSatisfying(PlanetLabException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.ALREADY_EXISTS));
            assertThat(Registry.rows(techB.call("GetSliceStops", Map.of("active", true))))
                    .extracting(stop -> stop.get("level")).contains("all");
            denied(() -> piA.call("ResumeAllSlices", "please"), "ResumeAllSlices may be called by");

            operator.call("ResumeAllSlices", "worm removed");
            // Slices run again exactly as their own state says: the one stopped before stays stopped.
            assertThat(states(nodeA)).containsEntry("alab_exp", "started").containsEntry("alab_other", "stopped")
                    .containsEntry("blab_exp", "started");
            assertThat(stops(nodeA)).containsEntry("all", false);
            assertThat(userA.call("GetSliceTicket", "alab_exp")).asString().contains("<slice name=\"plc.alab.exp\"/>");
            List<Map<String, Object>> events = Registry.rows(operator.call("GetEvents",
                    Map.of("call_name", "StopAllSlices", "fault_code", 0L)));
            assertThat(events).singleElement().satisfies(event -> assertThat((String) event.get("message"))
                    .contains("worm spreading through sliver images"));
        }
    }

    /** The stops the node's view carries for its ticket desk. */
    @SuppressWarnings("unchecked")
    private Map<String, Object> stops(long nodeId) {
        return (Map<String, Object>) Registry.struct(operator.call("GetSlivers", nodeId)).get("stops");
    }

    /** Each sliver's state in the node's view, by slice name. */
    private Map<String, String> states(long nodeId) {
        Map<String, String> states = new LinkedHashMap<>();
        for (Map<String, Object> sliver : Registry.rows(Registry.struct(operator.call("GetSlivers", nodeId))
                .get("slivers"))) {
            states.put((String) sliver.get("name"), (String) sliver.get("state"));
        }
        return states;
    }

    private static void denied(Runnable call, String reason) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(PlanetLabException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.PERMISSION_DENIED);
            assertThat(e.getMessage()).contains(reason);
        });
    }
}
