package org.planetlab.plc.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.planetlab.plc.testing.Registry.rows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.planetlab.api.client.Credentials;
import org.planetlab.api.client.PlcClient;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.plc.testing.Registry;
import org.planetlab.plc.testing.StoreKind;
import org.planetlab.plc.testing.TestingPlc;

/**
 * A field a caller may not see can neither be returned, nor filtered on, nor sorted by: an
 * order reveals as much as a filter (sorting nodes by their key, then bisecting with ids,
 * leaks the key's order).
 */
class FieldVisibilityTest {
    private static TestingPlc testing;
    private static PlcClient operator;
    private static Credentials.Password pi;
    private static long nodeId;
    private static long pcuId;

    @BeforeAll
    static void start() {
        testing = TestingPlc.start(StoreKind.SQLITE);
        operator = testing.operator(PlcClient.Encoding.XML_RPC);
        Registry registry = new Registry(operator);
        long siteId = registry.site("seen");
        nodeId = registry.node(siteId, "node1.seen.org", "10.8.8.1");
        registry.node(siteId, "node2.seen.org", "10.8.8.2");
        pi = registry.person("pi@seen.org", "pi", siteId);
        pcuId = (Long) operator.call("AddPCU", siteId, Map.of("ip", "10.8.8.9", "protocol", "ipmi",
                "username", "admin", "password", "pcu-secret"));
        operator.call("AddNodeToPCU", nodeId, pcuId, 1L);
    }

    @AfterAll
    static void stop() {
        testing.close();
    }

    @Test
    void nobodyButOperatorsSortsNodesByTheirKey() {
        for (PlcClient.Encoding encoding : PlcClient.Encoding.values()) {
            for (Credentials credentials : List.of(new Credentials.Anonymous(), pi)) {
                PlcClient client = testing.client(credentials, encoding);
                assertRefused(() -> client.call("GetNodes", Map.of("-SORT", "key"), List.of("node_id")),
                        "-SORT: Node.key is visible to operators only");
                assertRefused(() -> client.call("GetNodes", Map.of("-SORT", List.of("hostname", "-key"))),
                        "-SORT: Node.key is visible to operators only");
                assertRefused(() -> client.call("GetNodes", Map.of("key", "*")), "filter: Node.key is visible to operators only");
                assertRefused(() -> client.call("GetNodes", Map.of(), List.of("key")),
                        "return_fields: Node.key is visible to operators only");
            }
        }
        assertThat(rows(operator.call("GetNodes", Map.of("-SORT", "key"), List.of("node_id")))).hasSize(2);
    }

    @Test
    void aNodeNeitherReadsNorProbesItsPcusPassword() {
        PlcClient node = testing.client(testing.nodeSession(nodeId), PlcClient.Encoding.JSON);
        assertThat(rows(node.call("GetPCUs", List.of(pcuId))).getFirst()).containsEntry("ip", "10.8.8.9")
                .doesNotContainEntry("password", "pcu-secret");
        assertRefused(() -> node.call("GetPCUs", Map.of("password", "pcu-*")), "filter: PCU.password is hidden from nodes");
        assertRefused(() -> node.call("GetPCUs", Map.of("-SORT", "password")), "-SORT: PCU.password is hidden from nodes");
        assertRefused(() -> node.call("GetPCUs", List.of(pcuId), List.of("password")),
                "return_fields: PCU.password is hidden from nodes");
        PlcClient piClient = testing.client(pi, PlcClient.Encoding.JSON);
        assertThat(rows(piClient.call("GetPCUs", List.of(pcuId))).getFirst()).containsEntry("ip", "10.8.8.9")
                .doesNotContainKey("password");
        assertRefused(() -> piClient.call("GetPCUs", Map.of("password", "pcu-*"), List.of("password")),
                "PCU.password is write-only");
    }

    @Test
    void nobodyReadsAPcuPasswordBack() {
        for (PlcClient.Encoding encoding : PlcClient.Encoding.values()) {
            for (PlcClient client : List.of(operator, testing.client(pi, encoding))) {
                assertThat(rows(client.call("GetPCUs", List.of(pcuId))).getFirst()).containsEntry("username", "admin")
                        .doesNotContainKey("password");
                assertRefused(() -> client.call("GetPCUs", List.of(pcuId), List.of("ip", "password")),
                        "return_fields: PCU.password is write-only");
                assertRefused(() -> client.call("GetPCUs", Map.of("-SORT", "password")), "-SORT: PCU.password is write-only");
            }
        }
    }

    private static void assertRefused(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String message) {
        assertThatThrownBy(call).isInstanceOf(PlanetLabException.class)
                .satisfies(error -> assertThat(((PlanetLabException) error).code()).isEqualTo(ErrorCode.PERMISSION_DENIED))
                .hasMessageContaining(message);
    }
}
