package org.planetlab.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.planetlab.cli.testing.Json.list;
import static org.planetlab.cli.testing.Json.struct;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.planetlab.api.client.PlcClient;
import org.planetlab.cli.exit.ExitCode;
import org.planetlab.cli.testing.Json;
import org.planetlab.cli.testing.PlRunner;
import org.planetlab.cli.testing.PlRunner.Result;
import org.planetlab.plc.testing.Registry;
import org.planetlab.plc.testing.StoreKind;
import org.planetlab.plc.testing.TestingPlc;

/**
 * {@code pl usage slice|node|top} against a real PLC fed by a node's usage reports: the slice's
 * user sees its slice's usage and the top table; a user of no slice is refused with the
 * permission exit code.
 */
class UsageCommandsTest {
    @TempDir
    Path home;

    private static String ok(Result result) {
        assertThat(result.exit()).as(result.toString()).isZero();
        return result.out();
    }

    @Test
    void sliceNodeAndTopUsage() {
        try (TestingPlc plc = TestingPlc.start(StoreKind.SQLITE)) {
            PlcClient api = plc.operator(PlcClient.Encoding.JSON);
            Registry registry = new Registry(api);
            long siteId = registry.site("use");
            registry.person("user@use.org", "user", siteId);
            registry.person("other@use.org", "user", siteId);
            long nodeId = registry.node(siteId, "n1.use.org", "10.12.0.1");
            api.call("AddSlice", Map.of("name", "use_exp", "url", "https://use.org/", "description", "experiment"));
            api.call("AddPersonToSlice", "user@use.org", "use_exp");
            api.call("AddSliceToNodes", "use_exp", List.of(nodeId));
            long now = Instant.now().getEpochSecond();
            PlcClient node = plc.client(plc.nodeSession(nodeId), PlcClient.Encoding.JSON);
            node.call("ReportUsage", report(now, 1, 7_000_000_000L, 123_456));

            PlRunner anyone = new PlRunner(Map.of("PL_URL", plc.uri().toString(), "HOME", home.toString()),
                    Clock.systemUTC());
            PlRunner user = anyone.with("PL_USER", "user@use.org").with("PL_PASSWORD", "password-of-user@use.org");
            PlRunner other = anyone.with("PL_USER", "other@use.org").with("PL_PASSWORD", "password-of-other@use.org");

            Map<String, Object> usage = struct(Json.parse(ok(user.run("--json", "usage", "slice", "use_exp"))));
            assertThat(struct(usage.get("total"))).containsEntry("cpu_seconds", 7.0).containsEntry("bytes_sent", 123_456L);
            Map<String, Object> onNode = struct(Json.parse(ok(user.run("--json", "usage", "node", "n1.use.org"))));
            assertThat(list(onNode.get("slices"))).hasSize(1);
            Map<String, Object> top = struct(Json.parse(ok(user.run("--json", "usage", "top", "cpu"))));
            assertThat(list(top.get("slices"))).extracting(row -> struct(row).get("name")).containsExactly("use_exp");
            assertThat(other.run("usage", "slice", "use_exp").exit()).isEqualTo(ExitCode.PERMISSION.number());
        }
    }

    private static Map<String, Object> report(long now, long sequence, long cpuNanoseconds, long bytesSent) {
        Map<String, Object> sliver = new LinkedHashMap<>();
        sliver.put("name", "use_exp");
        sliver.put("cpu_ns", cpuNanoseconds);
        sliver.put("memory_bytes", 1L << 20);
        sliver.put("disk_bytes", 4096L);
        sliver.put("processes", 2L);
        sliver.put("bytes_sent", bytesSent);
        sliver.put("packets_sent", 100L);
        sliver.put("bytes_received", 1_000L);
        sliver.put("packets_received", 10L);
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("sent_at", now);
        report.put("agent_started", now - 10);
        report.put("sequence", sequence);
        report.put("slivers", List.of(sliver));
        return report;
    }
}
