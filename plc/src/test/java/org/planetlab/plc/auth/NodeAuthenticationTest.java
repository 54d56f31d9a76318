package org.planetlab.plc.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
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
 * elsewhere and a replayed request are refused. PLC reads every node's key at once when it meets
 * the first it does not know.
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

            firstRequestsOfManyNodesReadTheStoreOnce(testing, registry, siteId, clock);
        }
    }

    /**
     * A PLC just started meets every node's first request knowing none of them: it reads every
     * node's key in one query, not one query a node, and a node registered since alone.
     */
    private static void firstRequestsOfManyNodesReadTheStoreOnce(TestingPlc testing, Registry registry, long siteId,
            Clock clock) {
        PlcClient operator = testing.operator(PlcClient.Encoding.JSON);
        List<PlnodeConfig> nodes = new ArrayList<>();
        for (int index = 1; index <= 8; index++) {
            long nodeId = registry.node(siteId, "n" + index + ".signers.org", "192.0.2." + (10 + index));
            nodes.add(PlnodeFile.parse((String) operator.call("GetNodeConfigFile", nodeId)));
        }
        SignedNodeRequests authenticator = new SignedNodeRequests(clock, true);
        AtomicInteger storeReads = new AtomicInteger();
        try (Handle handle = testing.plc().database().jdbi().open()) {
            Supplier<Handle> counted = () -> {
                storeReads.incrementAndGet();
                return handle;
            };
            for (int index = 0; index < nodes.size(); index++) {
                PlnodeConfig node = nodes.get(index);
                assertThat(authenticator.authenticate(counted, signed(node, clock, "192.0.2." + (11 + index))))
                        .isEqualTo(new NodeRequestAuthenticator.SignedBy(node.nodeId(), siteId));
            }
            assertThat(storeReads).as("one read of every node for 8 nodes' first requests").hasValue(1);

            long added = registry.node(siteId, "late.signers.org", "192.0.2.99");
            PlnodeConfig late = PlnodeFile.parse((String) operator.call("GetNodeConfigFile", added));
            assertThat(authenticator.authenticate(counted, signed(late, clock, "192.0.2.99")).nodeId()).isEqualTo(added);
            assertThat(storeReads).as("a node registered since is read alone").hasValue(2);
            // What was read at once is checked as strictly as what is read alone: the registered address.
            assertRefused(() -> authenticator.authenticate(counted, signed(nodes.getFirst(), clock, "192.0.2.50")),
                    "came from 192.0.2.50");
        }
    }

    private static RequestContext signed(PlnodeConfig node, Clock clock, String from) {
        byte[] body = "{\"method\":\"AuthCheck\"}".getBytes(StandardCharsets.UTF_8);
        String authorization = NodeRequestSigner.of(node, clock, new SecureRandom()).authorization("POST", "/PLCAPI/", body);
        return new RequestContext(InetAddress.ofLiteral(from), "POST", "/PLCAPI/", Map.of("Authorization", authorization),
                body);
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
