package org.planetlab.node.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.planetlab.api.client.PlcClient;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.node.boot.PlcConnection;
import org.planetlab.plc.auth.SignedNodeRequests;
import org.planetlab.plc.testing.Registry;
import org.planetlab.plc.testing.StoreKind;
import org.planetlab.plc.testing.TestingPlc;
import org.planetlab.trust.node.NodeKey;
import org.planetlab.trust.node.PlnodeConfig;
import org.planetlab.trust.node.PlnodeFile;

/**
 * The node's heartbeat, signed with the key of its plnode.txt, makes it up at PLC with what it
 * reported; a heartbeat signed with another key is refused, records nothing and is reported
 * among the errors of the next one.
 */
class HeartbeatSenderTest {
    @TempDir
    Path disk;

    @Test
    void signedHeartbeatsMakeTheNodeUpAndForgedOnesLeaveNothing() {
        Clock clock = Clock.systemUTC();
        try (TestingPlc testing = TestingPlc.start(StoreKind.SQLITE, clock, new SignedNodeRequests(clock, true))) {
            PlcClient operator = testing.operator(PlcClient.Encoding.JSON);
            Registry registry = new Registry(operator);
            long siteId = registry.site("beating");
            PlcClient tech = operator.as(registry.person("tech@beating.org", "tech", siteId));
            long nodeId = registry.node(siteId, "n1.beating.org", "127.0.0.1");
            long otherId = registry.node(siteId, "n2.beating.org", "127.0.0.1");
            PlnodeConfig plnode = PlnodeFile.parse((String) tech.call("GetNodeConfigFile", nodeId));
            SecureRandom random = new SecureRandom();

            HeartbeatSender sender = new HeartbeatSender(PlcConnection.signedByNode(testing.uri(), null, plnode, clock, random),
                    () -> new HeartbeatSender.AgentState("boot", "running", 2), disk, clock, "test-1");
            assertThat(sender.beat()).isEqualTo(Duration.ofSeconds(5));
            assertThat(sender.beat()).isEqualTo(Duration.ofSeconds(5));
            testing.plc().monitoring().availability().tick();
            Map<String, Object> status = Registry.rows(tech.call("GetNodeStatus", List.of(nodeId))).getFirst();
            assertThat(status).containsEntry("state", "up").containsEntry("reason", "first heartbeat");
            Map<String, Object> heartbeat = Registry.struct(status.get("heartbeat"));
            assertThat(heartbeat).containsEntry("agent_version", "test-1").containsEntry("sequence", 2L)
                    .containsEntry("boot_state", "boot").containsEntry("run_level", "running").containsEntry("slivers", 2L)
                    .containsEntry("clock_offset_ms", 0L).containsEntry("errors", List.of());
            assertThat((Long) heartbeat.get("memory_total")).isPositive();
            assertThat((Long) heartbeat.get("disk_total")).isPositive();

            // The other node's id with a key that is not its own: refused, nothing kept.
            PlnodeConfig forged = new PlnodeConfig(plnode.ipMethod(), plnode.ipAddress(), "n2.beating.org",
                    plnode.netDevice(), NodeKey.generate(random), otherId, plnode.extra());
            HeartbeatSender impostor = new HeartbeatSender(PlcConnection.signedByNode(testing.uri(), null, forged, clock, random),
                    () -> new HeartbeatSender.AgentState("boot", "running", 0), disk, clock, "test-1");
            assertThatThrownBy(impostor::beat).isInstanceOfSatisfying(PlanetLabException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.AUTHENTICATION_FAILED));
            assertThat(impostor.errors()).singleElement().asString().contains("AUTHENTICATION_FAILED");
            assertThat(impostor.heartbeat().get("errors")).asList().hasSize(1);
            testing.plc().monitoring().availability().tick();
            assertThat(Registry.rows(tech.call("GetNodeStatus", List.of(otherId))).getFirst())
                    .containsEntry("state", "unknown").containsEntry("heartbeat", null);
        }
    }
}
