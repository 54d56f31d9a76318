package org.planetlab.plc.slice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.planetlab.plc.testing.Registry.rows;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.planetlab.api.client.Credentials;
import org.planetlab.api.client.PlcClient;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.plc.testing.Registry;
import org.planetlab.plc.testing.RegistrySnapshot;
import org.planetlab.plc.testing.StoreKind;
import org.planetlab.plc.testing.TestingPlc;

/**
 * Node whitelists as the original PLCAPI enforced them: a node with a whitelist takes only the
 * slices on it, except from people of its own site; GetWhitelist shows a node to those with a
 * slice on its list. Both stores, both encodings; refused calls name the problem and change
 * nothing.
 */
class WhitelistsTest {
    static Stream<Arguments> setups() {
        return Stream.of(
                Arguments.of(StoreKind.SQLITE, PlcClient.Encoding.XML_RPC, PlcClient.Encoding.JSON),
                Arguments.of(StoreKind.POSTGRESQL, PlcClient.Encoding.JSON, PlcClient.Encoding.XML_RPC));
    }

    @ParameterizedTest(name = "{0}: write {1}, read {2}")
    @MethodSource("setups")
    void aWhitelistedNodeTakesOnlyItsSlices(StoreKind store, PlcClient.Encoding write, PlcClient.Encoding read) {
        try (TestingPlc testing = TestingPlc.start(store)) {
            PlcClient operator = testing.operator(write);
            PlcClient reader = testing.operator(read);
            Registry registry = new Registry(operator);
            long alab = registry.site("alab");
            long blab = registry.site("blab");
            long node = registry.node(alab, "n1.alab.org", "10.9.0.1");
            long open = registry.node(alab, "n2.alab.org", "10.9.0.2");
            PlcClient piA = testing.client(registry.person("pi@alab.org", "pi", alab), read);
            PlcClient piB = testing.client(registry.person("pi@blab.org", "pi", blab), read);
            PlcClient member = testing.client(registry.person("member@blab.org", "user", blab), read);
            PlcClient outsider = testing.client(registry.person("outsider@blab.org", "user", blab), read);
            long listed = (Long) operator.call("AddSlice", Map.of("name", "blab_listed"));
            operator.call("AddSlice", Map.of("name", "blab_other"));
            long local = (Long) operator.call("AddSlice", Map.of("name", "alab_local"));
            operator.call("AddPersonToSlice", "member@blab.org", "blab_listed");

            assertThat(operator.call("AddSliceToNodesWhitelist", "blab_listed", List.of("n1.alab.org"))).isEqualTo(1L);
            assertThat(operator.call("AddSliceToNodesWhitelist", listed, List.of(node))).isEqualTo(1L);
            assertThat(rows(reader.call("GetWhitelist", null, List.of("node_id", "slice_ids_whitelist"))))
                    .containsExactly(Map.of("node_id", node, "slice_ids_whitelist", List.of(listed)));
            assertThat(rows(reader.call("GetNodes", List.of(open), List.of("slice_ids_whitelist"))))
                    .containsExactly(Map.of("slice_ids_whitelist", List.of()));

            assertThat(piB.call("AddSliceToNodes", "blab_listed", List.of(node, open))).isEqualTo(1L);
            String before = RegistrySnapshot.take(testing.plc().database());
            assertFault(() -> piB.call("AddSliceToNodes", "blab_other", List.of(open, node)), ErrorCode.INVALID_ARGUMENT,
                    "blab_other is not allowed on n1.alab.org (not on the whitelist)");
            assertFault(() -> piB.call("AddSliceToNodesWhitelist", "blab_other", List.of(node)),
                    ErrorCode.PERMISSION_DENIED, "AddSliceToNodesWhitelist may be called by");
            assertFault(() -> operator.call("AddSliceToNodesWhitelist", "blab_other", List.of(node, "nosuch.alab.org")),
                    ErrorCode.NOT_FOUND, "nosuch.alab.org");
            assertFault(() -> operator.call("DeleteSliceFromNodesWhitelist", "blab_nosuch", List.of(node)),
                    ErrorCode.NOT_FOUND, "blab_nosuch");
            assertThat(RegistrySnapshot.take(testing.plc().database())).isEqualTo(before);

            // People of the node's own site run what they like on it.
            assertThat(piA.call("AddSliceToNodes", "alab_local", List.of(node))).isEqualTo(1L);
            assertThat(rows(reader.call("GetSlices", List.of(local), List.of("node_ids"))))
                    .containsExactly(Map.of("node_ids", List.of(node)));

            assertThat(rows(member.call("GetWhitelist", List.of(node), List.of("hostname"))))
                    .containsExactly(Map.of("hostname", "n1.alab.org"));
            assertThat(rows(outsider.call("GetWhitelist"))).isEmpty();
            assertThat(rows(testing.client(new Credentials.Anonymous(), read).call("GetWhitelist"))).isEmpty();
            assertThat(rows(testing.client(testing.nodeSession(node), read).call("GetWhitelist", null,
                    List.of("node_id")))).containsExactly(Map.of("node_id", node));

            assertThat(operator.call("DeleteSliceFromNodesWhitelist", "blab_listed", List.of(node))).isEqualTo(1L);
            assertThat(rows(reader.call("GetWhitelist"))).isEmpty();
            assertThat(rows(reader.call("GetSlices", List.of(listed), List.of("node_ids"))))
                    .containsExactly(Map.of("node_ids", List.of(node, open)));
            assertThat(piB.call("AddSliceToNodes", "blab_other", List.of(node))).isEqualTo(1L);
        }
    }

    private static void assertFault(ThrowableAssert.ThrowingCallable call, ErrorCode code, String text) {
        assertThatThrownBy(call).isInstanceOfSatisfying(PlanetLabException.class, fault -> {
            assertThat(fault.code()).isEqualTo(code);
            assertThat(fault.getMessage()).contains(text);
        });
    }
}
