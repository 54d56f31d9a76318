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
import org.planetlab.api.client.PlcClient;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.plc.testing.Registry;
import org.planetlab.plc.testing.RegistrySnapshot;
import org.planetlab.plc.testing.StoreKind;
import org.planetlab.plc.testing.TestingPlc;

/**
 * Scripts written for PLCAPI 4.2 and PLC 3: the *SliceAttribute* aliases with their 4.2 field
 * names, and SliceInfo / SliceExtendedInfo, on both stores and both encodings; refused calls
 * name the problem and change nothing.
 */
class LegacySliceCallsTest {
    static Stream<Arguments> setups() {
        return Stream.of(
                Arguments.of(StoreKind.SQLITE, PlcClient.Encoding.XML_RPC, PlcClient.Encoding.JSON),
                Arguments.of(StoreKind.POSTGRESQL, PlcClient.Encoding.JSON, PlcClient.Encoding.XML_RPC));
    }

    @ParameterizedTest(name = "{0}: write {1}, read {2}")
    @MethodSource("setups")
    void sliceAttributeAliasesSpeakPlcapi42(StoreKind store, PlcClient.Encoding write, PlcClient.Encoding read) {
        try (TestingPlc testing = TestingPlc.start(store)) {
            PlcClient operator = testing.operator(write);
            PlcClient reader = testing.operator(read);
            Registry registry = new Registry(operator);
            long site = registry.site("alab");
            PlcClient user = testing.client(registry.person("user@alab.org", "user", site), write);
            long slice = (Long) operator.call("AddSlice", Map.of("name", "alab_exp"));
            operator.call("AddPersonToSlice", "user@alab.org", "alab_exp");

            long type = (Long) operator.call("AddSliceAttributeType", Map.of("name", "color", "description",
                    "a colour", "min_role_id", 30L));
            assertThat(rows(reader.call("GetSliceAttributeTypes", List.of("color"), List.of("attribute_type_id",
                    "name", "description")))).containsExactly(Map.of("attribute_type_id", type, "name", "color",
                    "description", "a colour"));
            assertThat(rows(reader.call("GetTagTypes", List.of(type), List.of("tagname")))).containsExactly(
                    Map.of("tagname", "color"));
            assertThat(operator.call("UpdateSliceAttributeType", "color", Map.of("description", "a color")))
                    .isEqualTo(1L);

            long attribute = (Long) user.call("AddSliceAttribute", "alab_exp", "color", "blue");
            assertThat(rows(reader.call("GetSliceAttributes", Map.of("name", "color"))))
                    .singleElement().satisfies(row -> assertThat(row).containsEntry("slice_attribute_id", attribute)
                            .containsEntry("slice_id", slice).containsEntry("name", "color")
                            .containsEntry("value", "blue").doesNotContainKeys("tagname", "slice_tag_id"));
            assertThat(user.call("UpdateSliceAttribute", attribute, "red")).isEqualTo(1L);
            assertThat(rows(reader.call("GetSliceTags", List.of(attribute), List.of("tagname", "value"))))
                    .containsExactly(Map.of("tagname", "color", "value", "red"));
            assertThat(rows(reader.call("GetSliceAttributes", List.of(attribute), List.of("name", "value"))))
                    .containsExactly(Map.of("name", "color", "value", "red"));

            String before = RegistrySnapshot.take(testing.plc().database());
            assertFault(() -> operator.call("AddSliceAttributeType", Map.of("tagname", "shape")),
                    ErrorCode.INVALID_ARGUMENT, "tagname");
            assertFault(() -> reader.call("GetSliceAttributes", Map.of("tagname", "color")),
                    ErrorCode.INVALID_ARGUMENT, "tagname");
            assertFault(() -> user.call("AddSliceAttributeType", Map.of("name", "shape")),
                    ErrorCode.PERMISSION_DENIED, "AddSliceAttributeType may be called by");
            assertFault(() -> user.call("AddSliceAttribute", "alab_exp", "nosuch", "x"), ErrorCode.NOT_FOUND,
                    "nosuch");
            assertFault(() -> user.call("UpdateSliceAttribute", 999L, "x"), ErrorCode.NOT_FOUND, "999");
            assertThat(RegistrySnapshot.take(testing.plc().database())).isEqualTo(before);

            assertThat(user.call("DeleteSliceAttribute", attribute)).isEqualTo(1L);
            assertThat(operator.call("DeleteSliceAttributeType", type)).isEqualTo(1L);
            assertThat(rows(reader.call("GetSliceAttributeTypes", List.of("color")))).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0}: write {1}, read {2}")
    @MethodSource("setups")
    void sliceInfoNamesUsersAndNodes(StoreKind store, PlcClient.Encoding write, PlcClient.Encoding read) {
        try (TestingPlc testing = TestingPlc.start(store)) {
            PlcClient operator = testing.operator(write);
            Registry registry = new Registry(operator);
            long alab = registry.site("alab");
            long blab = registry.site("blab");
            long node = registry.node(alab, "n1.alab.org", "10.9.0.1");
            PlcClient user = testing.client(registry.person("user@alab.org", "user", alab), read);
            PlcClient piB = testing.client(registry.person("pi@blab.org", "pi", blab), read);
            long userId = registry.personId("user@alab.org");
            long slice = (Long) operator.call("AddSlice", Map.of("name", "alab_exp"));
            operator.call("AddSlice", Map.of("name", "blab_other"));
            operator.call("AddPersonToSlice", "user@alab.org", "alab_exp");
            operator.call("AddSliceToNodes", "alab_exp", List.of(node));
            operator.call("AddSliceTag", "alab_exp", "cpu_share", "3");

            assertThat(rows(user.call("SliceInfo"))).singleElement().satisfies(info -> assertThat(info)
                    .containsEntry("slice_id", slice).containsEntry("name", "alab_exp")
                    .containsEntry("users", List.of("user@alab.org")).containsEntry("nodes", List.of("n1.alab.org"))
                    .doesNotContainKeys("person_ids", "node_ids"));
            assertThat(rows(user.call("SliceInfo", List.of("alab_exp"), false, false))).singleElement()
                    .satisfies(info -> assertThat(info).doesNotContainKeys("users", "nodes"));
            assertThat(rows(user.call("SliceExtendedInfo", List.of("alab_exp")))).singleElement()
                    .satisfies(info -> assertThat(info)
                            .containsEntry("users", List.of(Map.of("email", "user@alab.org", "person_id", userId)))
                            .containsEntry("nodes", List.of(Map.of("hostname", "n1.alab.org", "node_id", node)))
                            .containsEntry("attributes", List.of(Map.of("name", "cpu_share", "value", "3")))
                            .doesNotContainKeys("slice_tag_ids"));
            assertThat(rows(piB.call("SliceInfo", List.of("alab_exp", "blab_other"))))
                    .extracting(info -> info.get("name")).containsExactly("blab_other");
            assertThat(rows(testing.operator(read).call("SliceInfo"))).hasSize(2);
            assertFault(() -> user.call("SliceInfo", List.of("alab_nosuch")), ErrorCode.NOT_FOUND, "no such slice");
        }
    }

    private static void assertFault(ThrowableAssert.ThrowingCallable call, ErrorCode code, String text) {
        assertThatThrownBy(call).isInstanceOfSatisfying(PlanetLabException.class, fault -> {
            assertThat(fault.code()).isEqualTo(code);
            assertThat(fault.getMessage()).contains(text);
        });
    }
}
