package org.planetlab.plc.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.planetlab.plc.testing.Registry.rows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.planetlab.api.client.PlcClient;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.plc.testing.Registry;
import org.planetlab.plc.testing.RegistrySnapshot;
import org.planetlab.plc.testing.StoreKind;
import org.planetlab.plc.testing.TestingPlc;
import org.planetlab.plc.testing.UnicodeStrings;

/**
 * Interface links as the original PLCAPI had them: round trips on both stores and both
 * encodings, who may write them (a role the tag type admits, at the site of either end), refusals
 * that name the problem and change nothing, and links going with their interfaces and tag types.
 */
class IlinksTest {
    static Stream<Arguments> setups() {
        return Stream.of(
                Arguments.of(StoreKind.SQLITE, PlcClient.Encoding.XML_RPC, PlcClient.Encoding.JSON),
                Arguments.of(StoreKind.POSTGRESQL, PlcClient.Encoding.JSON, PlcClient.Encoding.XML_RPC));
    }

    @ParameterizedTest(name = "{0}: write {1}, read {2}")
    @MethodSource("setups")
    void linksRoundTripWithTheOriginalsRules(StoreKind store, PlcClient.Encoding write, PlcClient.Encoding read) {
        Random random = new Random(store.ordinal() + 7);
        try (TestingPlc testing = TestingPlc.start(store)) {
            PlcClient operator = testing.operator(write);
            PlcClient reader = testing.operator(read);
            Registry registry = new Registry(operator);
            long alab = registry.site("alab");
            long blab = registry.site("blab");
            long clab = registry.site("clab");
            long a = interfaceOf(operator, registry.node(alab, "n1.alab.org", "10.9.0.1"));
            long b = interfaceOf(operator, registry.node(blab, "n1.blab.org", "10.9.0.2"));
            PlcClient userA = testing.client(registry.person("user@alab.org", "user", alab), write);
            PlcClient techB = testing.client(registry.person("tech@blab.org", "tech", blab), write);
            PlcClient piC = testing.client(registry.person("pi@clab.org", "pi", clab), write);
            long type = (Long) operator.call("AddTagType", Map.of("tagname", "ipip", "min_role_id", 40L));
            operator.call("AddTagType", Map.of("tagname", "gre", "min_role_id", 10L));

            String value = UnicodeStrings.random(random, 2000);
            long link = (Long) userA.call("AddIlink", a, b, "ipip", value);
            Map<String, Object> expected = new LinkedHashMap<>();
            expected.put("ilink_id", link);
            expected.put("tag_type_id", type);
            expected.put("src_interface_id", a);
            expected.put("dst_interface_id", b);
            expected.put("value", value);
            assertThat(rows(reader.call("GetIlinks", List.of(link)))).containsExactly(expected);
            assertThat(rows(reader.call("GetIlinks", Map.of("dst_interface_id", b), List.of("ilink_id"))))
                    .containsExactly(Map.of("ilink_id", link));
            assertThat(techB.call("UpdateIlink", link, "changed")).isEqualTo(1L);
            assertThat(rows(reader.call("GetIlinks", link, List.of("value")))).containsExactly(Map.of("value", "changed"));

            String before = RegistrySnapshot.take(testing.plc().database());
            assertFault(() -> userA.call("AddIlink", a, b, "ipip", "again"), ErrorCode.ALREADY_EXISTS,
                    "ilink (ipip, %d, %d) already exists as ilink_id %d".formatted(a, b, link));
            assertFault(() -> userA.call("AddIlink", a, 999L, "ipip", "x"), ErrorCode.NOT_FOUND,
                    "no destination interface with interface_id 999");
            assertFault(() -> userA.call("AddIlink", a, b, "nosuch", "x"), ErrorCode.NOT_FOUND, "nosuch");
            assertFault(() -> userA.call("AddIlink", b, a, "gre", "x"), ErrorCode.PERMISSION_DENIED, "min_role_id 10");
            assertFault(() -> piC.call("UpdateIlink", link, "x"), ErrorCode.PERMISSION_DENIED,
                    "belongs to the site of neither interface");
            assertFault(() -> techB.call("DeleteIlink", link), ErrorCode.PERMISSION_DENIED,
                    "DeleteIlink may be called by");
            assertFault(() -> operator.call("UpdateIlink", 999L, "x"), ErrorCode.NOT_FOUND, "no ilink with ilink_id 999");
            assertThat(RegistrySnapshot.take(testing.plc().database())).isEqualTo(before);

            assertThat(userA.call("DeleteIlink", link)).isEqualTo(1L);
            assertThat(rows(reader.call("GetIlinks"))).isEmpty();

            // Links go with the interfaces and the tag types they join.
            operator.call("AddIlink", a, b, "gre", "g");
            long other = (Long) operator.call("AddIlink", b, a, "ipip", "i");
            operator.call("DeleteTagType", "gre");
            assertThat(rows(reader.call("GetIlinks", null, List.of("ilink_id")))).containsExactly(
                    Map.of("ilink_id", other));
            operator.call("DeleteNode", "n1.blab.org");
            assertThat(rows(reader.call("GetIlinks"))).isEmpty();
        }
    }

    private static long interfaceOf(PlcClient operator, long node) {
        return (Long) rows(operator.call("GetInterfaces", Map.of("node_id", node))).getFirst().get("interface_id");
    }

    private static void assertFault(ThrowableAssert.ThrowingCallable call, ErrorCode code, String text) {
        assertThatThrownBy(call).isInstanceOfSatisfying(PlanetLabException.class, fault -> {
            assertThat(fault.code()).isEqualTo(code);
            assertThat(fault.getMessage()).contains(text);
        });
    }
}
