package org.planetlab.plc.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import org.planetlab.plc.auth.Caller;
import org.planetlab.plc.testing.Registry;
import org.planetlab.plc.testing.StoreKind;
import org.planetlab.plc.testing.TestingClock;
import org.planetlab.plc.testing.TestingPlc;

/**
 * Nodes report their slivers' counters; PLC records increases, answers a slice's usage across its
 * nodes, a node's slices and the day's top consumers to those allowed to see them, records a
 * resent report once, and refuses hostile reports whole. On both stores and both encodings, with
 * a clock the test moves.
 */
class UsageTest {
    /** A UTC midnight, so that the whole test falls in one day. */
    private static final long T0 = 1_800_057_600L;

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void reportsBecomeUsageOfSlicesNodesAndTheDaysTopConsumers(StoreKind store) {
        TestingClock clock = new TestingClock(Instant.ofEpochSecond(T0));
        try (TestingPlc testing = TestingPlc.start(store, clock)) {
            Fixture fixture = new Fixture(testing);
            PlcClient nodeA = testing.client(testing.nodeSession(fixture.nodeA), PlcClient.Encoding.XML_RPC);
            PlcClient nodeB = testing.client(testing.nodeSession(fixture.nodeB), PlcClient.Encoding.JSON);

            // The first report counts everything since the slivers began.
            assertThat(Registry.struct(nodeA.call("ReportUsage", report(T0, 1, sliver("ulab_burn", 2_000_000_000L, 1_000,
                    400, 10), sliver("ulab_idle", 1_000_000L, 10, 10, 1)))))
                    .isEqualTo(Map.of("recorded", 2L, "duplicate", false, "interval_seconds", 30L));
            nodeB.call("ReportUsage", report(T0, 1, sliver("ulab_burn", 500_000_000L, 100, 100, 2)));
            clock.advance(Duration.ofSeconds(30));
            nodeA.call("ReportUsage", report(T0 + 30, 2, sliver("ulab_burn", 32_000_000_000L, 3_751_000, 900, 20),
                    sliver("ulab_idle", 2_000_000L, 20, 20, 2)));
            // A resend of the same report is answered, and recorded once.
            assertThat(Registry.struct(nodeA.call("ReportUsage", report(T0 + 30, 2, sliver("ulab_burn",
                    32_000_000_000L, 3_751_000, 900, 20), sliver("ulab_idle", 2_000_000L, 20, 20, 2)))))
                    .containsEntry("recorded", 0L).containsEntry("duplicate", true);
            clock.advance(Duration.ofSeconds(30));
            // Node B's sliver restarted: its counters went back; their new values are the increase.
            nodeB.call("ReportUsage", report(T0 + 60, 2, sliver("ulab_burn", 250_000_000L, 50, 50, 1)));

            for (PlcClient.Encoding encoding : PlcClient.Encoding.values()) {
                PlcClient user = testing.client(fixture.user, encoding);
                Map<String, Object> usage = Registry.struct(user.call("GetSliceUsage", "ulab_burn"));
                assertThat(usage).containsEntry("name", "ulab_burn").containsEntry("from", T0 + 61 - 86_400)
                        .containsEntry("until", T0 + 61);
                assertThat(Registry.struct(usage.get("total"))).containsEntry("cpu_seconds", 32.75)
                        .containsEntry("bytes_sent", 3_751_150L).containsEntry("bytes_received", 1_050L)
                        .containsEntry("packets_sent", 23L)
                        .containsEntry("bandwidth_bps", (3_750_000L + 500) * 8 / 30 + (50 + 50) * 8 / 60);
                assertThat(Registry.rows(usage.get("nodes"))).extracting(row -> row.get("hostname"),
                                row -> row.get("cpu_seconds"), row -> row.get("memory_bytes"))
                        .containsExactly(org.assertj.core.groups.Tuple.tuple("a.ulab.org", 32.0, 1L << 20),
                                org.assertj.core.groups.Tuple.tuple("b.ulab.org", 0.75, 1L << 20));

                // The user is a member of ulab_burn only: the table it sees holds that slice alone.
                Map<String, Object> top = Registry.struct(user.call("GetTopConsumers", "cpu"));
                assertThat(top).containsEntry("day", T0);
                assertThat(Registry.rows(top.get("slices"))).extracting(row -> row.get("name"))
                        .containsExactly("ulab_burn");
            }

            PlcClient operator = testing.operator(PlcClient.Encoding.XML_RPC);
            Map<String, Object> onA = Registry.struct(operator.call("GetNodeUsage", "a.ulab.org", T0 - 60, T0 + 3600));
            assertThat(Registry.rows(onA.get("slices"))).extracting(row -> row.get("name"), row -> row.get("bytes_sent"))
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("ulab_burn", 3_751_000L),
                            org.assertj.core.groups.Tuple.tuple("ulab_idle", 20L));
            assertThat(Registry.rows(Registry.struct(operator.call("GetTopConsumers", "bytes", T0 + 5, 1))
                    .get("slices"))).extracting(row -> row.get("name")).containsExactly("ulab_burn");
            // The day before holds nothing.
            assertThat(Registry.rows(Registry.struct(operator.call("GetTopConsumers", "bytes", T0 - 5)).get("slices")))
                    .isEmpty();
            // Over time: the hours before hold nothing; the reports of both nodes fall in the last hour.
            long burn = ((Number) Registry.rows(operator.call("GetSlices", Map.of("name", "ulab_burn"))).getFirst()
                    .get("slice_id")).longValue();
            List<UsagePoint> hours = testing.plc().database().read(handle -> testing.plc().usage().reports()
                    .sliceOverTime(handle, Caller.INTERNAL, burn, 3_600, 3, T0 + 61));
            assertThat(hours).containsExactly(UsagePoint.empty(T0 - 7_200), UsagePoint.empty(T0 - 3_600),
                    new UsagePoint(T0, 32_750_000_000L, 3_751_150L, 1_050L));

            // A user of another site sees neither the slice nor its place in the tables; its site's PI does.
            PlcClient stranger = testing.client(fixture.stranger, PlcClient.Encoding.JSON);
            assertThatThrownBy(() -> stranger.call("GetSliceUsage", "ulab_burn")).isInstanceOfSatisfying(
                    PlanetLabException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.PERMISSION_DENIED));
            assertThat(Registry.rows(Registry.struct(stranger.call("GetTopConsumers", "cpu")).get("slices"))).isEmpty();
            assertThat(Registry.rows(Registry.struct(stranger.call("GetNodeUsage", "a.ulab.org")).get("slices")))
                    .isEmpty();
            PlcClient pi = testing.client(fixture.pi, PlcClient.Encoding.JSON);
            assertThat(Registry.rows(Registry.struct(pi.call("GetTopConsumers", "memory")).get("slices")))
                    .extracting(row -> row.get("name")).containsExactly("ulab_burn", "ulab_idle");
            // The user of ulab_burn alone does not see ulab_idle, of which it is not a member.
            PlcClient user = testing.client(fixture.user, PlcClient.Encoding.JSON);
            assertThat(Registry.rows(Registry.struct(user.call("GetNodeUsage", "a.ulab.org")).get("slices")))
                    .extracting(row -> row.get("name")).containsExactly("ulab_burn");
        }
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void hostileReportsAreRefusedWholeAndLeaveNothing(StoreKind store) {
        TestingClock clock = new TestingClock(Instant.ofEpochSecond(T0));
        try (TestingPlc testing = TestingPlc.start(store, clock)) {
            Fixture fixture = new Fixture(testing);
            PlcClient node = testing.client(testing.nodeSession(fixture.nodeB), PlcClient.Encoding.JSON);
            Map<String, Object> good = sliver("ulab_burn", 1_000L, 1, 1, 1);

            assertRefused(() -> node.call("ReportUsage", report(T0 + 3600, 1, good)), "ahead of PLC's clock");
            Map<String, Object> late = report(T0 - 3600, 1, good);
            late.put("agent_started", T0 - 7200);
            assertRefused(() -> node.call("ReportUsage", late), "behind PLC's clock");
            assertRefused(() -> node.call("ReportUsage", report(T0, 1, with(good, "bytes_sent", -5L))), "bytes_sent");
            assertRefused(() -> node.call("ReportUsage", report(T0, 1, with(good, "cpu_ns", Long.MAX_VALUE))), "cpu_ns");
            assertRefused(() -> node.call("ReportUsage", report(T0, 1, good, good)), "twice");
            // ulab_idle has node A only; no slice is named nobody_here.
            assertRefused(() -> node.call("ReportUsage", report(T0, 1, good, sliver("ulab_idle", 5, 5, 5, 5))),
                    "[ulab_idle]");
            assertRefused(() -> node.call("ReportUsage", report(T0, 1, sliver("nobody_here", 5, 5, 5, 5))),
                    "not host");
            Map<String, Object> future = report(T0, 1, good);
            future.put("agent_started", T0 + 60);
            assertRefused(() -> node.call("ReportUsage", future), "agent_started");
            PlcClient operator = testing.operator(PlcClient.Encoding.JSON);
            assertThatThrownBy(() -> operator.call("ReportUsage", report(T0, 1, good))).isInstanceOfSatisfying(
                    PlanetLabException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.PERMISSION_DENIED));
            PlcClient forged = testing.client(new Credentials.Session("forged-session-key-0123456789abcdef"),
                    PlcClient.Encoding.XML_RPC);
            assertThatThrownBy(() -> forged.call("ReportUsage", report(T0, 1, good)))
                    .isInstanceOf(PlanetLabException.class);
            assertThat(Registry.struct(Registry.struct(operator.call("GetSliceUsage", "ulab_burn")).get("total")))
                    .containsEntry("cpu_seconds", 0.0).containsEntry("bytes_sent", 0L);

            // A replayed report, or an older one of the same run, is refused and changes nothing.
            node.call("ReportUsage", report(T0, 7, good));
            assertRefused(() -> node.call("ReportUsage", report(T0, 6, sliver("ulab_burn", 9_000_000_000L, 1, 1, 1))),
                    "comes before");
            assertThat(Registry.struct(Registry.struct(operator.call("GetSliceUsage", "ulab_burn")).get("total")))
                    .containsEntry("cpu_seconds", 1e-6).containsEntry("bytes_sent", 1L);
            // A new run of the agent starts its sequence again.
            clock.advance(Duration.ofSeconds(30));
            Map<String, Object> restarted = report(T0 + 30, 1, sliver("ulab_burn", 2_000L, 2, 2, 2));
            restarted.put("agent_started", T0 + 25);
            assertThat(Registry.struct(node.call("ReportUsage", restarted))).containsEntry("recorded", 1L);
        }
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void oldSamplesAreRolledUpIntoHoursWithoutChangingTotalsAndDroppedAfterAYear(StoreKind store) {
        TestingClock clock = new TestingClock(Instant.ofEpochSecond(T0));
        try (TestingPlc testing = TestingPlc.start(store, clock)) {
            Fixture fixture = new Fixture(testing);
            PlcClient node = testing.client(testing.nodeSession(fixture.nodeA), PlcClient.Encoding.JSON);
            for (int report = 1; report <= 4; report++) {
                node.call("ReportUsage", report(T0 + (report - 1) * 30L, report,
                        sliver("ulab_burn", report * 1_000_000_000L, report * 1000L, report * 10L, report)));
                clock.advance(Duration.ofSeconds(30));
            }
            PlcClient operator = testing.operator(PlcClient.Encoding.XML_RPC);
            Map<String, Object> before = Registry.struct(Registry.struct(operator.call("GetSliceUsage", "ulab_burn",
                    T0, T0 + 3600)).get("total"));
            assertThat(before).containsEntry("cpu_seconds", 4.0).containsEntry("bytes_sent", 4000L);

            UsageRollup rollup = testing.plc().usage().rollup();
            assertThat(rollup.run()).isEqualTo(new UsageRollup.Result(0, 0));
            clock.advance(Duration.ofDays(8));
            assertThat(rollup.run()).as("the four reports of one five-minute slot were one row")
                    .isEqualTo(new UsageRollup.Result(1, 0));
            assertThat(Registry.struct(Registry.struct(operator.call("GetSliceUsage", "ulab_burn", T0, T0 + 3600))
                    .get("total"))).isEqualTo(before);
            assertThat(Registry.rows(Registry.struct(operator.call("GetTopConsumers", "cpu", T0)).get("slices")))
                    .extracting(row -> row.get("cpu_seconds")).containsExactly(4.0);

            clock.advance(Duration.ofDays(366));
            assertThat(rollup.run()).isEqualTo(new UsageRollup.Result(0, 1));
            assertThat(Registry.struct(Registry.struct(operator.call("GetSliceUsage", "ulab_burn", T0, T0 + 3600))
                    .get("total"))).containsEntry("cpu_seconds", 0.0);
        }
    }

    /** Site ulab with nodes a and b; ulab_burn on both, ulab_idle on a; a user of ulab_burn, the PI, a stranger. */
    private static final class Fixture {
        final long nodeA;
        final long nodeB;
        final Credentials user;
        final Credentials pi;
        final Credentials stranger;

        Fixture(TestingPlc testing) {
            PlcClient operator = testing.operator(PlcClient.Encoding.JSON);
            Registry registry = new Registry(operator);
            long siteId = registry.site("ulab");
            long otherSite = registry.site("olab");
            nodeA = registry.node(siteId, "a.ulab.org", "10.9.0.1");
            nodeB = registry.node(siteId, "b.ulab.org", "10.9.0.2");
            user = registry.person("user@ulab.org", "user", siteId);
            pi = registry.person("pi@ulab.org", "pi", siteId);
            stranger = registry.person("user@olab.org", "user", otherSite);
            for (String slice : List.of("ulab_burn", "ulab_idle")) {
                operator.call("AddSlice", Map.of("name", slice, "url", "https://ulab.org/", "description", "experiment"));
            }
            operator.call("AddPersonToSlice", "user@ulab.org", "ulab_burn");
            operator.call("AddSliceToNodes", "ulab_burn", List.of(nodeA, nodeB));
            operator.call("AddSliceToNodes", "ulab_idle", List.of(nodeA));
        }
    }

    static Map<String, Object> report(long sentAt, long sequence, Map<?, ?>... slivers) {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("sent_at", sentAt);
        report.put("agent_started", T0 - 60);
        report.put("sequence", sequence);
        report.put("slivers", List.of(slivers));
        return report;
    }

    /** A sliver's counters, with 1 MiB of memory, 36 KiB of disk and three processes. */
    static Map<String, Object> sliver(String name, long cpuNanoseconds, long bytesSent, long bytesReceived, long packets) {
        Map<String, Object> sliver = new LinkedHashMap<>();
        sliver.put("name", name);
        sliver.put("cpu_ns", cpuNanoseconds);
        sliver.put("memory_bytes", 1L << 20);
        sliver.put("disk_bytes", 36_864L);
        sliver.put("processes", 3L);
        sliver.put("bytes_sent", bytesSent);
        sliver.put("packets_sent", packets);
        sliver.put("bytes_received", bytesReceived);
        sliver.put("packets_received", packets);
        return sliver;
    }

    private static Map<String, Object> with(Map<String, Object> sliver, String field, Object value) {
        Map<String, Object> changed = new LinkedHashMap<>(sliver);
        changed.put(field, value);
        return changed;
    }

    private static void assertRefused(Runnable call, String reason) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(PlanetLabException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
            assertThat(e.getMessage()).contains(reason);
        });
    }
}
