package org.planetlab.plc.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.planetlab.api.client.PlcClient;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.plc.auth.Caller;
import org.planetlab.plc.testing.Registry;
import org.planetlab.plc.testing.StoreKind;
import org.planetlab.plc.testing.TestingClock;
import org.planetlab.plc.testing.TestingPlc;

/**
 * Heartbeats make a node up; silence past the threshold makes it down within thirty seconds; the
 * history keeps exact intervals with their reasons and uptime is computed from them, per node and
 * per site; hostile heartbeats are refused and leave nothing behind. On both stores, with a clock
 * the test moves.
 */
class HeartbeatsTest {
    private static final long T0 = 1_800_000_000L;

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void heartbeatsSilenceAndReturnMakeAnExactHistory(StoreKind store) {
        TestingClock clock = new TestingClock(Instant.ofEpochSecond(T0));
        try (TestingPlc testing = TestingPlc.start(store, clock)) {
            PlcClient operator = testing.operator(PlcClient.Encoding.JSON);
            Registry registry = new Registry(operator);
            long siteId = registry.site("beats");
            long watched = registry.node(siteId, "watched.beats.org", "10.7.0.1");
            long silent = registry.node(siteId, "silent.beats.org", "10.7.0.2");
            PlcClient node = testing.client(testing.nodeSession(watched), PlcClient.Encoding.XML_RPC);
            PlcClient user = operator.as(registry.person("user@beats.org", "user", siteId));
            AvailabilityService availability = testing.plc().monitoring().availability();

            assertThat(Registry.struct(node.call("ReportHeartbeat", heartbeat(T0, 1, "boot"))))
                    .isEqualTo(Map.of("interval_seconds", 5L, "time", T0));
            availability.tick();
            assertThat(status(user, watched)).containsEntry("state", "up").containsEntry("since", T0)
                    .containsEntry("reason", "first heartbeat").containsEntry("last_heartbeat", T0);
            assertThat(status(user, silent)).containsEntry("state", "unknown").containsEntry("last_heartbeat", null);

            clock.advance(Duration.ofSeconds(5));
            node.call("ReportHeartbeat", heartbeat(T0 + 5, 2, "boot"));
            availability.tick();
            Map<String, Object> latest = Registry.struct(status(user, watched).get("heartbeat"));
            assertThat(latest).containsEntry("sequence", 2L).containsEntry("agent_version", "1.0")
                    .containsEntry("memory_free", 1_000L);

            // Nineteen seconds after the last heartbeat the node is still up; twenty-one after, it is down.
            // (PLC's own timer may run the watch too; the state is what counts, not who marked it.)
            clock.advance(Duration.ofSeconds(19));
            availability.markSilentNodesDown();
            assertThat(status(user, watched)).containsEntry("state", "up");
            clock.advance(Duration.ofSeconds(2));
            availability.markSilentNodesDown();
            assertThat(status(user, watched)).containsEntry("state", "down").containsEntry("since", T0 + 5)
                    .containsEntry("reason", "no heartbeat for more than 20 s");

            clock.advance(Duration.ofSeconds(100 - 26));
            node.call("ReportHeartbeat", heartbeat(T0 + 100, 3, "boot"));
            availability.tick();
            assertThat(status(user, watched)).containsEntry("state", "up").containsEntry("since", T0 + 100);

            clock.advance(Duration.ofSeconds(50));
            node.call("ReportHeartbeat", heartbeat(T0 + 150, 4, "safeboot"));
            availability.tick();
            assertThat(status(user, watched)).containsEntry("state", "down")
                    .containsEntry("reason", "reports boot state safeboot");

            clock.advance(Duration.ofSeconds(50));
            Map<String, Object> history = Registry.struct(user.call("GetNodeHistory", watched, T0, T0 + 200));
            assertThat(Registry.rows(history.get("intervals"))).containsExactly(
                    interval(true, T0, T0 + 5, "first heartbeat"),
                    interval(false, T0 + 5, T0 + 100, "no heartbeat for more than 20 s"),
                    interval(true, T0 + 100, T0 + 150, "heartbeats in boot state boot"),
                    interval(false, T0 + 150, null, "reports boot state safeboot"));
            assertThat(Registry.struct(history.get("uptime"))).containsEntry("up_seconds", 55L)
                    .containsEntry("down_seconds", 145L).containsEntry("unknown_seconds", 0L)
                    .containsEntry("uptime", 55.0 / 200);

            // A period that starts before the first heartbeat counts that time as unknown, not down.
            Map<String, Object> earlier = Registry.struct(user.call("GetNodeHistory", "watched.beats.org", T0 - 100,
                    T0 + 50));
            assertThat(Registry.struct(earlier.get("uptime"))).containsEntry("up_seconds", 5L)
                    .containsEntry("down_seconds", 45L).containsEntry("unknown_seconds", 100L)
                    .containsEntry("uptime", 0.1);

            Map<String, Object> site = Registry.struct(user.call("GetSiteUptime", "beats", T0, T0 + 200));
            assertThat(site).containsEntry("up_seconds", 55L).containsEntry("down_seconds", 145L)
                    .containsEntry("uptime", 55.0 / 200);
            assertThat(Registry.rows(site.get("nodes"))).extracting(row -> row.get("node_id"), row -> row.get("uptime"))
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(watched, 55.0 / 200),
                            org.assertj.core.groups.Tuple.tuple(silent, null));

            // Only transitions reach the event log, never the heartbeats themselves.
            List<Map<String, Object>> events = Registry.rows(operator.call("GetEvents",
                    Map.of("call_name", List.of("RecordHeartbeats", "MarkSilentNodesDown", "ReportHeartbeat"))));
            assertThat(events).extracting(event -> event.get("call_name")).containsExactlyInAnyOrder(
                    "RecordHeartbeats", "MarkSilentNodesDown", "RecordHeartbeats", "RecordHeartbeats");
        }
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void hostileHeartbeatsAreRefusedAndLeaveNothing(StoreKind store) {
        TestingClock clock = new TestingClock(Instant.ofEpochSecond(T0));
        try (TestingPlc testing = TestingPlc.start(store, clock)) {
            PlcClient operator = testing.operator(PlcClient.Encoding.JSON);
            Registry registry = new Registry(operator);
            long siteId = registry.site("hostile");
            long nodeId = registry.node(siteId, "target.hostile.org", "10.8.0.1");
            PlcClient node = testing.client(testing.nodeSession(nodeId), PlcClient.Encoding.JSON);
            PlcClient tech = operator.as(registry.person("tech@hostile.org", "tech", siteId));

            assertRefused(() -> node.call("ReportHeartbeat", heartbeat(T0 + 3600, 1, "boot")), "ahead of PLC's clock");
            assertRefused(() -> node.call("ReportHeartbeat", with(heartbeat(T0 - 3600, 1, "boot"), "agent_started", T0 - 7200)),
                    "behind PLC's clock");
            assertRefused(() -> node.call("ReportHeartbeat", with(heartbeat(T0, 1, "boot"), "memory_total", -5L)),
                    "memory_total");
            assertRefused(() -> node.call("ReportHeartbeat", with(heartbeat(T0, 1, "boot"), "memory_free", 5_000L)),
                    "exceeds memory_total");
            assertRefused(() -> node.call("ReportHeartbeat", with(heartbeat(T0, 1, "boot"), "load", -1.0)), "load");
            assertRefused(() -> node.call("ReportHeartbeat", with(heartbeat(T0, 1, "boot"), "agent_started", T0 + 60)),
                    "agent_started");
            assertRefused(() -> node.call("ReportHeartbeat", with(heartbeat(T0, 1, "boot"), "boot_state", "party")),
                    "boot_state");
            assertRefused(() -> node.call("ReportHeartbeat", with(heartbeat(T0, 1, "boot"), "sliver_count", 3L)),
                    "unknown field");
            assertThatThrownBy(() -> tech.call("ReportHeartbeat", heartbeat(T0, 1, "boot")))
                    .isInstanceOfSatisfying(PlanetLabException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.PERMISSION_DENIED));
            testing.plc().monitoring().availability().tick();
            assertThat(status(tech, nodeId)).containsEntry("state", "unknown").containsEntry("last_heartbeat", null);

            // A replay of an accepted heartbeat, or an older one of the same run, is refused.
            node.call("ReportHeartbeat", heartbeat(T0, 7, "boot"));
            assertRefused(() -> node.call("ReportHeartbeat", heartbeat(T0, 7, "safeboot")), "does not follow");
            assertRefused(() -> node.call("ReportHeartbeat", heartbeat(T0, 6, "safeboot")), "does not follow");
            testing.plc().monitoring().availability().tick();
            // ... also by a server that has not heard the node since it started: it asks the store.
            AvailabilityService restarted = new AvailabilityService(testing.plc().mutations(), testing.plc().database(),
                    AvailabilityService.DEFAULT_SILENCE_SECONDS);
            Caller signedNode = Caller.node(nodeId, siteId, "hmac", Optional.empty());
            assertRefused(() -> testing.plc().database().read(handle -> restarted.heartbeat(signedNode,
                    Heartbeat.fromWire(heartbeat(T0, 7, "safeboot")), T0, () -> handle)), "does not follow");
            assertThat(restarted.writeHeartbeats()).isZero();
            assertThat(status(tech, nodeId)).containsEntry("state", "up");
            assertThat(Registry.struct(status(tech, nodeId).get("heartbeat"))).containsEntry("sequence", 7L)
                    .containsEntry("boot_state", "boot");
            // A new run of the agent starts its sequence again.
            clock.advance(Duration.ofSeconds(30));
            node.call("ReportHeartbeat", with(heartbeat(T0 + 30, 1, "boot"), "agent_started", T0 + 25));
        }
    }

    private static Map<String, Object> status(PlcClient client, long nodeId) {
        return Registry.rows(client.call("GetNodeStatus", List.of(nodeId))).getFirst();
    }

    static Map<String, Object> heartbeat(long sentAt, long sequence, String bootState) {
        Map<String, Object> heartbeat = new LinkedHashMap<>();
        heartbeat.put("sent_at", sentAt);
        heartbeat.put("agent_started", T0 - 60);
        heartbeat.put("sequence", sequence);
        heartbeat.put("agent_version", "1.0");
        heartbeat.put("boot_state", bootState);
        heartbeat.put("run_level", "running");
        heartbeat.put("load", 0.25);
        heartbeat.put("memory_total", 4_000L);
        heartbeat.put("memory_free", 1_000L);
        heartbeat.put("disk_total", 100_000L);
        heartbeat.put("disk_free", 60_000L);
        heartbeat.put("slivers", 3L);
        heartbeat.put("clock_offset_ms", -12L);
        heartbeat.put("errors", List.of("sliver x: create failed: disk full"));
        return heartbeat;
    }

    private static Map<String, Object> with(Map<String, Object> heartbeat, String field, Object value) {
        Map<String, Object> changed = new LinkedHashMap<>(heartbeat);
        changed.put(field, value);
        return changed;
    }

    private static Map<String, Object> interval(boolean up, long start, Long end, String reason) {
        Map<String, Object> interval = new LinkedHashMap<>();
        interval.put("up", up);
        interval.put("start", start);
        interval.put("end", end);
        interval.put("reason", reason);
        return interval;
    }

    private static void assertRefused(Runnable call, String reason) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(PlanetLabException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
            assertThat(e.getMessage()).contains(reason);
        });
    }
}
