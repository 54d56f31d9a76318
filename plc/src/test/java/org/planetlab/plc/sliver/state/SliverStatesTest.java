package org.planetlab.plc.sliver.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.planetlab.api.client.Credentials;
import org.planetlab.api.client.PlcClient;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.plc.testing.Registry;
import org.planetlab.plc.testing.StoreKind;
import org.planetlab.plc.testing.TestingClock;
import org.planetlab.plc.testing.TestingPlc;

/**
 * Nodes report the state of their slivers; a slice's users, its site's PI and operators see, per
 * node, building, failed with the node's reason, running, stopped or unknown, in both encodings;
 * others see nothing; hostile or replayed reports are refused whole. On both stores.
 */
class SliverStatesTest {
    private static final long T0 = 1_800_057_600L;

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void nodesReportsBecomeEachNodesSliverStateForThoseWhoMaySeeTheSlice(StoreKind store) {
        TestingClock clock = new TestingClock(Instant.ofEpochSecond(T0));
        try (TestingPlc testing = TestingPlc.start(store, clock)) {
            PlcClient operator = testing.operator(PlcClient.Encoding.JSON);
            Registry registry = new Registry(operator);
            long site = registry.site("ulab");
            long otherSite = registry.site("olab");
            long nodeA = registry.node(site, "a.ulab.org", "10.9.0.1");
            long nodeB = registry.node(site, "b.ulab.org", "10.9.0.2");
            long nodeC = registry.node(site, "c.ulab.org", "10.9.0.3");
            Credentials user = registry.person("user@ulab.org", "user", site);
            Credentials pi = registry.person("pi@ulab.org", "pi", site);
            Credentials stranger = registry.person("user@olab.org", "user", otherSite);
            for (String slice : List.of("ulab_web", "ulab_other")) {
                operator.call("AddSlice", Map.of("name", slice, "url", "https://ulab.org/", "description", "experiment"));
            }
            operator.call("AddPersonToSlice", "user@ulab.org", "ulab_web");
            operator.call("AddSliceToNodes", "ulab_web", List.of(nodeA, nodeB, nodeC));
            PlcClient onA = testing.client(testing.nodeSession(nodeA), PlcClient.Encoding.XML_RPC);
            PlcClient onB = testing.client(testing.nodeSession(nodeB), PlcClient.Encoding.JSON);

            String aptFailure = "the image with packages pl-missing over debian could not be built: E: Unable to locate"
                    + " package pl-missing";
            assertThat(Registry.struct(onA.call("ReportSliverStates", report(T0, 1,
                    sliver("ulab_web", "failed", aptFailure, T0 - 5), sliver("ulab_other", "running", "", T0 - 50)))))
                    .isEqualTo(Map.of("recorded", 1L, "ignored", List.of("ulab_other"), "duplicate", false,
                            "interval_seconds", 300L));
            onB.call("ReportSliverStates", report(T0, 1, sliver("ulab_web", "building", "being built", T0 - 2)));

            for (PlcClient.Encoding encoding : PlcClient.Encoding.values()) {
                for (Credentials allowed : List.of(user, pi)) {
                    assertThat(Registry.rows(testing.client(allowed, encoding).call("GetSliverStates", "ulab_web")))
                            .extracting(row -> row.get("hostname"), row -> row.get("state"), row -> row.get("reason"),
                                    row -> row.get("since"), row -> row.get("reported"))
                            .containsExactly(tuple("a.ulab.org", "failed", aptFailure, T0 - 5, T0),
                                    tuple("b.ulab.org", "building", "being built", T0 - 2, T0),
                                    tuple("c.ulab.org", "unknown", "the node has not reported its slivers' states yet",
                                            null, null));
                }
            }

            // The build finished on B; the package attribute was fixed and A runs it now; a resend changes nothing.
            clock.advance(Duration.ofSeconds(30));
            onB.call("ReportSliverStates", report(T0 + 30, 2, sliver("ulab_web", "running", "", T0 + 29)));
            onA.call("ReportSliverStates", report(T0 + 30, 2, sliver("ulab_web", "stopped", "stopped by the site", T0 + 20)));
            assertThat(Registry.struct(onA.call("ReportSliverStates", report(T0 + 30, 2,
                    sliver("ulab_web", "stopped", "stopped by the site", T0 + 20))))).containsEntry("duplicate", true);
            // A report that no longer lists the sliver: the node does not have it.
            clock.advance(Duration.ofSeconds(30));
            assertThat(Registry.struct(onA.call("ReportSliverStates", report(T0 + 60, 3)))).containsEntry("recorded", 0L);
            assertThat(Registry.rows(operator.call("GetSliverStates", "ulab_web")))
                    .extracting(row -> row.get("hostname"), row -> row.get("state"), row -> row.get("reported"))
                    .containsExactly(tuple("a.ulab.org", "unknown", T0 + 60), tuple("b.ulab.org", "running", T0 + 30),
                            tuple("c.ulab.org", "unknown", null));

            PlcClient outsider = testing.client(stranger, PlcClient.Encoding.JSON);
            assertThatThrownBy(() -> outsider.call("GetSliverStates", "ulab_web")).isInstanceOfSatisfying(
                    PlanetLabException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.PERMISSION_DENIED));
            assertThatThrownBy(() -> operator.call("ReportSliverStates", report(T0 + 60, 9))).isInstanceOfSatisfying(
                    PlanetLabException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.PERMISSION_DENIED));

            // Hostile reports are refused whole; B's state stays what it reported last.
            assertRefused(() -> onB.call("ReportSliverStates", report(T0 + 60, 1, sliver("ulab_web", "failed", "x", T0))),
                    "comes before");
            assertRefused(() -> onB.call("ReportSliverStates", report(T0 + 3600, 5)), "ahead of PLC's clock");
            assertRefused(() -> onB.call("ReportSliverStates", report(T0 + 60, 5, sliver("ulab_web", "running", "", T0),
                    sliver("ulab_web", "failed", "", T0))), "twice");
            assertRefused(() -> onB.call("ReportSliverStates", report(T0 + 60, 5,
                    sliver("ulab_web", "hacked", "", T0))), "state");
            assertRefused(() -> onB.call("ReportSliverStates", report(T0 + 60, 5,
                    sliver("ulab_web", "failed", "x".repeat(2001), T0))), "reason");
            assertRefused(() -> onB.call("ReportSliverStates", report(T0 + 60, 5,
                    sliver("ulab_web", "failed", "later", T0 + 61))), "after the report was sent");
            assertThat(Registry.rows(operator.call("GetSliverStates", "ulab_web")).get(1)).containsEntry("state", "running");
        }
    }

    private static Map<String, Object> report(long sentAt, long sequence, Map<?, ?>... slivers) {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("sent_at", sentAt);
        report.put("agent_started", T0 - 60);
        report.put("sequence", sequence);
        report.put("slivers", List.of(slivers));
        return report;
    }

    private static Map<String, Object> sliver(String name, String state, String reason, long since) {
        return Map.of("name", name, "state", state, "reason", reason, "since", since);
    }

    private static void assertRefused(Runnable call, String reason) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(PlanetLabException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
            assertThat(e.getMessage()).contains(reason);
        });
    }
}
