package org.planetlab.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.planetlab.cli.testing.Json.list;
import static org.planetlab.cli.testing.Json.rows;
import static org.planetlab.cli.testing.Json.struct;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.planetlab.api.client.Credentials;
import org.planetlab.api.client.PlcClient;
import org.planetlab.cli.exit.ExitCode;
import org.planetlab.cli.testing.Json;
import org.planetlab.cli.testing.PlRunner;
import org.planetlab.cli.testing.PlRunner.Result;
import org.planetlab.plc.testing.Registry;
import org.planetlab.plc.testing.StoreKind;
import org.planetlab.plc.testing.TestingPlc;

/**
 * Operating the testbed with {@code pl} against a real PLC: a node's status and history, a
 * site's uptime, a slice stopped on one node and everywhere, a site's slices stopped by its PI,
 * and the operators' big red button and its release; a refusal exits with the permission code.
 */
class OperationsCommandsTest {
    @TempDir
    Path home;

    private static String ok(Result result) {
        assertThat(result.exit()).as(result.toString()).isZero();
        return result.out();
    }

    @Test
    void statusHistoryUptimeAndEveryStop() {
        try (TestingPlc plc = TestingPlc.start(StoreKind.SQLITE)) {
            PlcClient api = plc.operator(PlcClient.Encoding.JSON);
            Registry registry = new Registry(api);
            long siteId = registry.site("ops");
            registry.person("pi@ops.org", "pi", siteId);
            registry.person("user@ops.org", "user", siteId);
            long nodeId = registry.node(siteId, "n1.ops.org", "10.11.0.1");
            long otherId = registry.node(siteId, "n2.ops.org", "10.11.0.2");
            api.call("AddSlice", Map.of("name", "ops_exp", "url", "https://ops.org/", "description", "experiment"));
            api.call("AddPersonToSlice", "user@ops.org", "ops_exp");
            api.call("AddSliceToNodes", "ops_exp", List.of(nodeId, otherId));
            long now = Instant.now().getEpochSecond();
            PlcClient node = plc.client(plc.nodeSession(nodeId), PlcClient.Encoding.JSON);
            node.call("ReportHeartbeat", heartbeat(now));
            plc.plc().monitoring().availability().tick();

            PlRunner anyone = new PlRunner(Map.of("PL_URL", plc.uri().toString(), "HOME", home.toString()),
                    Clock.systemUTC());
            PlRunner operator = anyone.with("PL_USER", TestingPlc.OPERATOR_EMAIL)
                    .with("PL_PASSWORD", TestingPlc.OPERATOR_PASSWORD);
            PlRunner pi = anyone.with("PL_USER", "pi@ops.org").with("PL_PASSWORD", "password-of-pi@ops.org");
            PlRunner user = anyone.with("PL_USER", "user@ops.org").with("PL_PASSWORD", "password-of-user@ops.org");

            List<Map<String, Object>> status = rows(ok(user.run("--json", "node", "status")));
            assertThat(status).extracting(row -> row.get("hostname"), row -> row.get("state"))
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("n1.ops.org", "up"),
                            org.assertj.core.groups.Tuple.tuple("n2.ops.org", "unknown"));
            assertThat(ok(user.run("node", "status", "n1.ops.org"))).contains("n1.ops.org", "up");
            Map<String, Object> history = struct(Json.parse(ok(user.run("--json", "node", "history", "n1.ops.org"))));
            assertThat(list(history.get("intervals"))).singleElement()
                    .satisfies(interval -> {
                        // PLC dates the interval by its own clock when the heartbeat arrives: the
                        // same second as the heartbeat's, or the next one.
                        assertThat(interval).containsEntry("up", true);
                        assertThat(((Number) interval.get("start")).longValue()).isBetween(now, now + 2);
                    });
            Map<String, Object> uptime = struct(Json.parse(ok(pi.run("--json", "site", "uptime", "ops"))));
            assertThat(uptime).containsEntry("site_id", siteId);
            assertThat(list(uptime.get("nodes"))).hasSize(2);

            ok(user.run("slice", "stop", "ops_exp", "--node", "n2.ops.org", "--reason", "leaks sockets on n2"));
            assertThat(states(operator, "n2.ops.org")).containsEntry("ops_exp", "stopped");
            assertThat(states(operator, "n1.ops.org")).containsEntry("ops_exp", "started");
            ok(user.run("slice", "start", "ops_exp", "--node", "n2.ops.org"));
            assertThat(states(operator, "n2.ops.org")).containsEntry("ops_exp", "started");
            ok(user.run("slice", "stop", "ops_exp", "--everywhere", "--reason", "restarting the experiment"));
            assertThat(states(operator, "n1.ops.org")).containsEntry("ops_exp", "stopped");
            assertThat(ok(user.run("slice", "stops", "--slice", "ops_exp")))
                    .contains("restarting the experiment", "leaks sockets on n2");
            ok(user.run("slice", "start", "ops_exp"));

            Result refused = user.run("site", "stop-slices", "ops", "all of them");
            assertThat(refused.exit()).as(refused.toString()).isEqualTo(ExitCode.PERMISSION.number());
            assertThat(ok(pi.run("site", "stop-slices", "ops", "site audit"))).contains("1");
            assertThat(states(operator, "n1.ops.org")).containsEntry("ops_exp", "stopped");
            ok(pi.run("slice", "start", "ops_exp"));

            Result notOperator = pi.run("emergency", "stop-all", "panic");
            assertThat(notOperator.exit()).as(notOperator.toString()).isEqualTo(ExitCode.PERMISSION.number());
            ok(operator.run("emergency", "stop-all", "compromised image"));
            assertThat(states(operator, "n1.ops.org")).containsEntry("ops_exp", "stopped");
            assertThat(user.run("slice", "start", "ops_exp").exit()).isEqualTo(ExitCode.PERMISSION.number());
            ok(operator.run("emergency", "resume", "image replaced"));
            assertThat(states(operator, "n1.ops.org")).containsEntry("ops_exp", "started");
        }
    }

    private static Map<String, String> states(PlRunner operator, String hostname) {
        Map<String, String> states = new LinkedHashMap<>();
        for (Map<String, Object> sliver : list(struct(Json.parse(ok(operator.run("--json", "slivers", hostname))))
                .get("slivers"))) {
            states.put((String) sliver.get("name"), (String) sliver.get("state"));
        }
        return states;
    }

    private static Map<String, Object> heartbeat(long now) {
        Map<String, Object> heartbeat = new LinkedHashMap<>();
        heartbeat.put("sent_at", now);
        heartbeat.put("agent_started", now - 10);
        heartbeat.put("sequence", 1L);
        heartbeat.put("agent_version", "1.0");
        heartbeat.put("boot_state", "boot");
        heartbeat.put("run_level", "running");
        heartbeat.put("load", 0.5);
        heartbeat.put("memory_total", 8L << 30);
        heartbeat.put("memory_free", 2L << 30);
        heartbeat.put("disk_total", 100L << 30);
        heartbeat.put("disk_free", 50L << 30);
        heartbeat.put("slivers", 1L);
        heartbeat.put("clock_offset_ms", 3L);
        heartbeat.put("errors", List.<String>of());
        return heartbeat;
    }
}
