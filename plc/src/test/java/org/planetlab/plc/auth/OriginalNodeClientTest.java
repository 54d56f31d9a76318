package org.planetlab.plc.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.planetlab.api.client.Credentials;
import org.planetlab.api.client.PlcClient;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.api.wire.XmlRpcReader;
import org.planetlab.api.wire.XmlRpcResponse;
import org.planetlab.api.wire.XmlRpcWriter;
import org.planetlab.plc.testing.Registry;
import org.planetlab.plc.testing.StoreKind;
import org.planetlab.plc.testing.TestingPlc;
import org.planetlab.trust.node.PlnodeConfig;
import org.planetlab.trust.node.PlnodeFile;

/**
 * A node client written the way the original node software talks to PLCAPI: an {@code hmac}
 * auth struct whose {@code value} is the HMAC-SHA1 of the flattened, sorted arguments keyed with
 * NODE_KEY from plnode.txt, then a session for everything else.
 */
class OriginalNodeClientTest {
    @Test
    void anOriginalNodeClientAuthenticatesWithTheHmacStructOpensASessionAndReadsItsSlivers() throws Exception {
        Clock clock = Clock.systemUTC();
        try (TestingPlc testing = TestingPlc.start(StoreKind.SQLITE, clock, new SignedNodeRequests(clock, true))) {
            PlcClient operator = testing.operator(PlcClient.Encoding.XML_RPC);
            Registry registry = new Registry(operator);
            long siteId = registry.site("original");
            long nodeId = registry.node(siteId, "node1.original.org", "127.0.0.1");
            PlnodeConfig plnode = PlnodeFile.parse((String) operator.call("GetNodeConfigFile", nodeId));
            OriginalNodeClient node = new OriginalNodeClient(testing.uri(), nodeId, plnode.nodeKey().encoded());

            assertThat(node.callWithHmac("AuthCheck")).isEqualTo(1L);
            Map<String, Object> filter = new LinkedHashMap<>();
            filter.put("node_id", List.of(nodeId));
            filter.put("hostname", "node1.original.org");
            List<?> nodes = (List<?>) node.callWithHmac("GetNodes", filter, List.of("hostname", "node_id"));
            assertThat(nodes).hasSize(1);
            assertThat(((Map<?, ?>) nodes.getFirst()).get("hostname")).isEqualTo("node1.original.org");

            node.openSession();
            Map<?, ?> slivers = (Map<?, ?>) node.callWithSession("GetSlivers");
            assertThat(slivers.get("node_id")).isEqualTo(nodeId);
            assertThat(node.callWithSession("AuthCheck")).isEqualTo(1L);
            // One session per node: a second GetSession replaces the first.
            String first = node.session;
            node.openSession();
            assertThat(node.session).isNotEqualTo(first);
            assertThatThrownBy(() -> node.call("AuthCheck", Map.of("AuthMethod", "session", "session", first)))
                    .isInstanceOf(PlanetLabException.class).hasMessageContaining("unknown or has expired");

            // hmac_dummybox is the same structure.
            assertThat(node.call("AuthCheck", node.hmacAuth("hmac_dummybox", List.of()))).isEqualTo(1L);
            // A digest over other arguments, or with another key, is refused.
            Map<String, Object> forged = node.hmacAuth("hmac", List.of(List.of(nodeId + 1)));
            assertThatThrownBy(() -> node.call("GetNodes", forged, List.of(nodeId)))
                    .isInstanceOf(PlanetLabException.class).hasMessageContaining("is not the HMAC of this call's arguments");
            OriginalNodeClient wrongKey = new OriginalNodeClient(testing.uri(), nodeId, "0".repeat(64));
            assertThatThrownBy(() -> wrongKey.callWithHmac("AuthCheck")).isInstanceOf(PlanetLabException.class)
                    .hasMessageContaining("is not the HMAC");
            // The node role still applies: a node may not add a site.
            assertThatThrownBy(() -> node.callWithHmac("AddSite", Map.of("login_base", "x", "name", "x",
                    "abbreviated_name", "x"))).isInstanceOf(PlanetLabException.class).hasMessageContaining("AddSite may be called by");

            // "capability" is PLCAPI's other name for password authentication.
            Map<String, Object> capability = new LinkedHashMap<>(new Credentials.Password(TestingPlc.OPERATOR_EMAIL,
                    TestingPlc.OPERATOR_PASSWORD).authStruct());
            capability.put("AuthMethod", "capability");
            assertThat(node.call("AuthCheck", capability)).isEqualTo(1L);
        }
    }

    @Test
    void argumentsAreFlattenedSortedAndWrittenAsPythonWritesThem() {
        Map<String, Object> struct = new LinkedHashMap<>();
        struct.put("b", Arrays.asList(true, null, "x"));
        struct.put("a", 1L);
        assertThat(FlattenedArgumentsHmac.message(List.of(struct, 0.1, "B", List.of(2.0, 1e16, 1.0 / 3))))
                .isEqualTo("[0.10.33333333333311e+162.0BNoneTruex]");
        assertThat(FlattenedArgumentsHmac.python2(2.0)).isEqualTo("2.0");
        assertThat(FlattenedArgumentsHmac.python2(1e16)).isEqualTo("1e+16");
        assertThat(FlattenedArgumentsHmac.python2(123456789012.0)).isEqualTo("123456789012.0");
        assertThat(FlattenedArgumentsHmac.python2(0.0001)).isEqualTo("0.0001");
        assertThat(FlattenedArgumentsHmac.python2(0.00001)).isEqualTo("1e-05");
        assertThat(FlattenedArgumentsHmac.message(List.of())).isEqualTo("[]");
    }

    /** The client side of PLCAPI's node authentication, as the original node software does it. */
    private static final class OriginalNodeClient {
        private final URI uri;
        private final long nodeId;
        private final String nodeKey;
        private final HttpClient http = HttpClient.newHttpClient();
        private String session;

        OriginalNodeClient(URI uri, long nodeId, String nodeKey) {
            this.uri = uri.resolve("/PLCAPI/");
            this.nodeId = nodeId;
            this.nodeKey = nodeKey;
        }

        void openSession() throws Exception {
            session = (String) callWithHmac("GetSession");
        }

        Object callWithHmac(String method, Object... args) throws Exception {
            return call(method, hmacAuth("hmac", Arrays.asList(args)), args);
        }

        Object callWithSession(String method, Object... args) throws Exception {
            return call(method, Map.of("AuthMethod", "session", "session", session), args);
        }

        Map<String, Object> hmacAuth(String authMethod, List<Object> args) throws Exception {
            Map<String, Object> auth = new LinkedHashMap<>();
            auth.put("AuthMethod", authMethod);
            auth.put("node_id", nodeId);
            auth.put("value", hmac(args));
            return auth;
        }

        /** hmac.new(key, "[" + "".join(sorted(canonicalize(args))) + "]", sha).hexdigest() */
        private String hmac(List<Object> args) throws Exception {
            List<String> values = new ArrayList<>();
            canonicalize(args, values);
            values.sort(null);
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(nodeKey.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return HexFormat.of().formatHex(mac.doFinal(("[" + String.join("", values) + "]")
                    .getBytes(StandardCharsets.UTF_8)));
        }

        private static void canonicalize(Object value, List<String> into) {
            if (value instanceof List<?> list) {
                list.forEach(element -> canonicalize(element, into));
            } else if (value instanceof Map<?, ?> map) {
                map.values().forEach(element -> canonicalize(element, into));
            } else if (value instanceof Boolean bool) {
                into.add(bool ? "True" : "False");
            } else {
                into.add(String.valueOf(value));
            }
        }

        Object call(String method, Map<String, Object> auth, Object... args) throws Exception {
            List<Object> params = new ArrayList<>();
            params.add(auth);
            params.addAll(Arrays.asList(args));
            HttpResponse<byte[]> answer = http.send(HttpRequest.newBuilder(uri).header("Content-Type", "text/xml")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(new XmlRpcWriter().writeCall(method, params))).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            XmlRpcResponse response = new XmlRpcReader().readResponse(answer.body());
            if (response instanceof XmlRpcResponse.Fault fault) {
                throw org.planetlab.api.wire.XmlRpcFaults.exception(fault);
            }
            return ((XmlRpcResponse.Success) response).value();
        }
    }
}
