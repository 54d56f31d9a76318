package org.planetlab.plc.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpClient;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.planetlab.api.client.Credentials;
import org.planetlab.api.client.PlcClient;
import org.planetlab.api.client.RequestSigner;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.plc.testing.Registry;
import org.planetlab.plc.testing.StoreKind;
import org.planetlab.plc.testing.TestingPlc;
import org.planetlab.trust.node.NodeRequestSigner;
import org.planetlab.trust.node.PlnodeConfig;
import org.planetlab.trust.node.PlnodeFile;

/**
 * A node authenticates with the key of the plnode.txt its site's tech downloaded: every request
 * signed whole, from the node's registered address; a reset key, a copied plnode.txt used from
 * elsewhere and a replayed request are refused.
 */
class NodeAuthenticationTest {
    @Test
    void nodesSignTheirRequestsWithTheirPlnodeKey() {
        Clock clock = Clock.systemUTC();
        try (TestingPlc testing = TestingPlc.start(StoreKind.SQLITE, clock, new SignedNodeRequests(clock, true))) {
            PlcClient operator = testing.operator(PlcClient.Encoding.XML_RPC);
            Registry registry = new Registry(operator);
            long siteId = registry.site("signers");
            PlcClient tech = operator.as(registry.person("tech@signers.org", "tech", siteId));
            long local = registry.node(siteId, "local.signers.org", "127.0.0.1");
            long remote = registry.node(siteId, "remote.signers.org", "192.0.2.7");

            PlnodeConfig config = PlnodeFile.parse((String) tech.call("GetNodeConfigFile", local));
            assertThat(config.nodeId()).isEqualTo(local);
            assertThat(config.hostname()).isEqualTo("local.signers.org");
            PlcClient node = signedClient(testing, config, clock);
            assertThat(node.call("AuthCheck")).isEqualTo(1L);
            assertThat(((Map<?, ?>) node.call("GetSlivers")).get("node_id")).isEqualTo(local);

            // The other node's plnode.txt, used from this machine, fails the source address check.
            PlcClient impostor = signedClient(testing,
                    PlnodeFile.parse((String) tech.call("GetNodeConfigFile", remote)), clock);
            assertRefused(() -> impostor.call("AuthCheck"), "came from 127.0.0.1");

            // After the key is reset, the old plnode.txt no longer works.
            tech.call("ResetNodeKey", local);
            assertRefused(() -> node.call("AuthCheck"), "node authentication");
            PlcClient renewed = signedClient(testing, PlnodeFile.parse((String) tech.call("GetNodeConfigFile", local)),
                    clock);
            assertThat(renewed.call("AuthCheck")).isEqualTo(1L);

            // An unsigned request claiming to be a node gets nowhere.
            PlcClient unsigned = testing.client(new Credentials.Node(local), PlcClient.Encoding.JSON);
            assertRefused(() -> unsigned.call("AuthCheck"), "node authentication");
        }
    }

    private static PlcClient signedClient(TestingPlc testing, PlnodeConfig config, Clock clock) {
        NodeRequestSigner signer = NodeRequestSigner.of(config, clock, new SecureRandom());
        RequestSigner headers = (method, target, body) -> Map.of("Authorization", signer.authorization(method, target, body));
        return new PlcClient(testing.uri(), new Credentials.Node(config.nodeId()), PlcClient.Encoding.XML_RPC,
                HttpClient.newHttpClient(), headers, Duration.ofSeconds(30));
    }

    private static void assertRefused(Runnable call, String reason) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(PlanetLabException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.AUTHENTICATION_FAILED);
            assertThat(e.getMessage()).contains(reason);
        });
    }
}
