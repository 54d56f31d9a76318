package org.planetlab.cli.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.planetlab.api.audit.FlowBatch;
import org.planetlab.api.audit.FlowRecord;
import org.planetlab.api.audit.FlowWire;
import org.planetlab.api.client.PlcClient;
import org.planetlab.cli.exit.ExitCode;
import org.planetlab.cli.testing.PlRunner;
import org.planetlab.cli.testing.PlRunner.Result;
import org.planetlab.plc.testing.Registry;
import org.planetlab.plc.testing.StoreKind;
import org.planetlab.plc.testing.TestingPlc;

/**
 * An operator finds who sent traffic to an address with {@code pl audit who}, looks at the slice
 * with {@code pl audit slice}, and handles the complaint with {@code pl complaint}.
 */
class AuditCommandsTest {
    @TempDir
    Path home;

    @Test
    void whoSentThisThenTheSliceThenTheComplaint() {
        try (TestingPlc plc = TestingPlc.start(StoreKind.SQLITE)) {
            PlcClient operatorClient = plc.operator(PlcClient.Encoding.JSON);
            Registry registry = new Registry(operatorClient);
            long siteId = registry.site("cli");
            long nodeId = registry.node(siteId, "node1.cli.test", "10.8.0.1");
            Map<String, Object> slice = new LinkedHashMap<>();
            slice.put("name", "cli_scan");
            slice.put("description", "Scans politely");
            slice.put("url", "https://scan.cli.test/");
            long sliceId = (Long) operatorClient.call("AddSlice", slice);
            long start = System.currentTimeMillis() - 60_000;
            List<FlowRecord> records = new ArrayList<>();
            for (int port = 20; port < 25; port++) {
                records.add(new FlowRecord((int) nodeId, (int) sliceId, "cli_scan", FlowRecord.Direction.OUTBOUND, 6,
                        start + port, start + port + 10, "10.0.0.2", 40_000 + port, "10.8.0.1", 50_000 + port,
                        "203.0.113.50", port, 1, 60, 0, 0, 0x02, false));
            }
            PlcClient node = plc.client(plc.nodeSession(nodeId), PlcClient.Encoding.JSON);
            node.call("UploadFlows", FlowWire.toWire(new FlowBatch((int) nodeId, 1, records)));
            Map<String, Object> complaint = new LinkedHashMap<>();
            complaint.put("slice_id", sliceId);
            complaint.put("node_id", nodeId);
            complaint.put("reporter_name", "Nadia Netadmin");
            complaint.put("reporter_email", "noc@victim.test");
            complaint.put("text", "SYN scan of ports 20-24");
            complaint.put("flow", FlowWire.toWire(records.getFirst()));
            long complaintId = (Long) node.call("AddComplaint", complaint);

            PlRunner operator = new PlRunner(Map.of("PL_URL", plc.uri().toString(), "HOME", home.toString(),
                    "PL_USER", TestingPlc.OPERATOR_EMAIL, "PL_PASSWORD", TestingPlc.OPERATOR_PASSWORD),
                    Clock.systemUTC());
            String from = Instant.ofEpochMilli(start - 3_600_000).toString();
            String to = Instant.now().plusSeconds(60).toString();
            String who = ok(operator.run("audit", "who", "--address", "203.0.113.50", "--from", from, "--to", to,
                    "--protocol", "tcp", "--port", "22"));
            assertThat(who).contains("cli_scan", "203.0.113.50:22", "tcp", "Scans politely", "https://scan.cli.test/")
                    .doesNotContain("203.0.113.50:21");
            assertThat(ok(operator.run("--json", "audit", "who", "--address", "203.0.113.50", "--from", from, "--to", to)))
                    .contains("\"flows\"", "\"slices\"");
            Result badProtocol = operator.run("audit", "who", "--address", "203.0.113.50", "--from", from, "--to", to,
                    "--protocol", "sctp'--");
            assertThat(badProtocol.exit()).isEqualTo(ExitCode.USAGE.number());
            Result badAddress = operator.run("audit", "who", "--address", "203.0.113.50' OR 1=1", "--from", from, "--to", to);
            assertThat(badAddress.exit()).as(badAddress.toString()).isNotZero();
            assertThat(badAddress.err()).contains("remote_address");

            assertThat(ok(operator.run("audit", "slice", "cli_scan"))).contains("HOUR", "DESTINATIONS");
            assertThat(ok(operator.run("audit", "slice", "cli_scan", "--flows"))).contains("203.0.113.50:24");
            assertThat(ok(operator.run("audit", "slice", "cli_scan", "--top"))).contains("* 1", "cli_scan");

            assertThat(ok(operator.run("complaint", "list"))).contains(Long.toString(complaintId), "open", "cli_scan",
                    "noc@victim.test", "SYN scan of ports 20-24");
            assertThat(ok(operator.run("complaint", "show", Long.toString(complaintId)))).contains("Nadia Netadmin");
            ok(operator.run("complaint", "close", Long.toString(complaintId), "--note", "slice stopped"));
            assertThat(ok(operator.run("complaint", "list", "--status", "closed"))).contains(Long.toString(complaintId));
            assertThat(ok(operator.run("complaint", "show", Long.toString(complaintId)))).contains("slice stopped");
        }
    }

    private static String ok(Result result) {
        assertThat(result.exit()).as(result.toString()).isZero();
        return result.out();
    }
}
