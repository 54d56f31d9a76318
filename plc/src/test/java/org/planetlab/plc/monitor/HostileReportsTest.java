package org.planetlab.plc.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpClient;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.planetlab.api.client.Credentials;
import org.planetlab.api.client.PlcClient;
import org.planetlab.api.client.RequestSigner;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.plc.auth.SignedNodeRequests;
import org.planetlab.plc.testing.Registry;
import org.planetlab.plc.testing.StoreKind;
import org.planetlab.plc.testing.TestingPlc;
import org.planetlab.trust.node.NodeRequestSigner;
import org.planetlab.trust.node.PlnodeConfig;
import org.planetlab.trust.node.PlnodeFile;

/**
 * Heartbeats and usage reports as they come over the wire, signed with the node key: a signed
 * request captured and sent again (a replay), or one whose body was changed after signing, is
 * refused before the method runs, and nothing of it is recorded; a correctly signed report of a
 * sliver the node does not host is refused whole.
 */
class HostileReportsTest {
    @Test
    void replayedAndAlteredSignedReportsAreRefusedAndLeaveNothing() {
        Clock clock = Clock.systemUTC();
        try (TestingPlc testing = TestingPlc.start(StoreKind.SQLITE, clock, new SignedNodeRequests(clock, true))) {
            PlcClient operator = testing.operator(PlcClient.Encoding.JSON);
            Registry registry = new Registry(operator);
            long siteId = registry.site("hostile");
            PlcClient tech = operator.as(registry.person("tech@hostile.org", "tech", siteId));
            long nodeId = registry.node(siteId, "target.hostile.org", "127.0.0.1");
            long otherNode = registry.node(siteId, "other.hostile.org", "192.0.2.9");
            operator.call("AddSlice", Map.of("name", "hostile_exp", "url", "https://hostile.org/", "description", "experiment"));
            operator.call("AddSliceToNodes", "hostile_exp", List.of(otherNode));
            PlnodeConfig plnode = PlnodeFile.parse((String) tech.call("GetNodeConfigFile", nodeId));
            long now = clock.instant().getEpochSecond();

            // The first send is signed; the replaying client sends the same bytes with the same signature again.
            ReplayingSigner replaying = new ReplayingSigner(NodeRequestSigner.of(plnode, clock, new SecureRandom()));
            PlcClient node = client(testing, nodeId, replaying);
            node.call("ReportHeartbeat", heartbeat(now, 1, "boot"));
            replaying.replayNext();
            assertRefused(() -> node.call("ReportHeartbeat", heartbeat(now, 1, "boot")), "replay");

            // A body changed after it was signed: the signature covers the whole request.
            replaying.replayNext();
            assertRefused(() -> node.call("ReportHeartbeat", heartbeat(now, 2, "safeboot")), "");

            // A report naming a sliver this node does not host, correctly signed: refused whole.
            PlcClient honest = client(testing, nodeId, new ReplayingSigner(NodeRequestSigner.of(plnode, clock, new SecureRandom())));
            assertThatThrownBy(() -> honest.call("ReportUsage", usage(now, "hostile_exp")))
                    .isInstanceOfSatisfying(PlanetLabException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
                        assertThat(e.getMessage()).contains("hostile_exp");
                    });

            testing.plc().monitoring().availability().tick();
            Map<String, Object> status = Registry.rows(tech.call("GetNodeStatus", List.of(nodeId))).getFirst();
            assertThat(Registry.struct(status.get("heartbeat"))).as("only the first heartbeat counted")
                    .containsEntry("sequence", 1L).containsEntry("boot_state", "boot");
            assertThat(Registry.struct(Registry.struct(operator.call("GetSliceUsage", "hostile_exp")).get("total")))
                    .as("nothing of the refused report").containsEntry("bytes_sent", 0L).containsEntry("cpu_seconds", 0.0);
        }
    }

    /** A heartbeat of an agent started a minute ago. */
    private static Map<String, Object> heartbeat(long sentAt, long sequence, String bootState) {
        Map<String, Object> heartbeat = new LinkedHashMap<>(HeartbeatsTest.heartbeat(sentAt, sequence, bootState));
        heartbeat.put("agent_started", sentAt - 60);
        return heartbeat;
    }

    /** A usage report of one sliver, of an agent started a minute ago. */
    private static Map<String, Object> usage(long sentAt, String sliver) {
        Map<String, Object> counters = new LinkedHashMap<>();
        counters.put("name", sliver);
        counters.put("cpu_ns", 5_000_000L);
        counters.put("memory_bytes", 1L << 20);
        counters.put("disk_bytes", 4_096L);
        counters.put("processes", 1L);
        counters.put("bytes_sent", 9_999L);
        counters.put("packets_sent", 9L);
        counters.put("bytes_received", 9_999L);
        counters.put("packets_received", 9L);
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("sent_at", sentAt);
        report.put("agent_started", sentAt - 60);
        report.put("sequence", 1L);
        report.put("slivers", List.of(counters));
        return report;
    }

    private static PlcClient client(TestingPlc testing, long nodeId, RequestSigner signer) {
        return new PlcClient(testing.uri(), new Credentials.Node(nodeId), PlcClient.Encoding.XML_RPC, HttpClient.newHttpClient(),
                signer, Duration.ofSeconds(30));
    }

    /** Signs each request, or when told, sends the previous request's signature again instead. */
    private static final class ReplayingSigner implements RequestSigner {
        private final NodeRequestSigner signer;
        private final AtomicReference<String> last = new AtomicReference<>();
        private volatile boolean replay;

        ReplayingSigner(NodeRequestSigner signer) {
            this.signer = signer;
        }

        void replayNext() {
            replay = true;
        }

        @Override
        public Map<String, String> headers(String method, String target, byte[] body) {
            if (replay) {
                replay = false;
                return Map.of("Authorization", last.get());
            }
            last.set(signer.authorization(method, target, body));
            return Map.of("Authorization", last.get());
        }
    }

    private static void assertRefused(Runnable call, String reason) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(PlanetLabException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.AUTHENTICATION_FAILED);
            assertThat(e.getMessage()).contains(reason);
        });
    }
}
