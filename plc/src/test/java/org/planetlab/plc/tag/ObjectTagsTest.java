package org.planetlab.plc.tag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.planetlab.plc.testing.Registry.rows;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.planetlab.api.client.PlcClient;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.plc.testing.Registry;
import org.planetlab.plc.testing.StoreKind;
import org.planetlab.plc.testing.TestingPlc;

/**
 * Person, site and interface tags and PLCAPI's accessors, as scripts written for the original
 * use them: round trips on both stores and both encodings, who may write which tag, and hostile
 * input refused with a fault that names the problem while nothing changes.
 */
class ObjectTagsTest {
    static Stream<Arguments> storesAndEncodings() {
        return Stream.of(Arguments.of(StoreKind.SQLITE, PlcClient.Encoding.XML_RPC),
                Arguments.of(StoreKind.POSTGRESQL, PlcClient.Encoding.JSON));
    }

    @ParameterizedTest
    @MethodSource("storesAndEncodings")
    void tagsRoundTripWithTheOriginalsRules(StoreKind store, PlcClient.Encoding encoding) {
        try (TestingPlc testing = TestingPlc.start(store)) {
            PlcClient operator = testing.operator(encoding);
            Registry registry = new Registry(operator);
            long siteA = registry.site("alab");
            long siteB = registry.site("blab");
            PlcClient piA = operator.as(registry.person("pi@alab.org", "pi", siteA));
            PlcClient techA = operator.as(registry.person("tech@alab.org", "tech", siteA));
            PlcClient userA = operator.as(registry.person("user@alab.org", "user", siteA));
            PlcClient userB = operator.as(registry.person("user@blab.org", "user", siteB));
            long nodeA = registry.node(siteA, "n1.alab.org", "10.9.0.1");
            long userAId = registry.personId("user@alab.org");
            operator.call("AddTagType", Map.of("tagname", "color", "category", "test", "min_role_id", 40L));
            operator.call("AddTagType", Map.of("tagname", "secret", "min_role_id", 10L));

            long personTag = (Long) userA.call("AddPersonTag", userAId, "color", "blue");
            assertThat(rows(userA.call("GetPersonTags", List.of(personTag)))).singleElement().satisfies(row ->
                    assertThat(row).containsEntry("person_id", userAId).containsEntry("email", "user@alab.org")
                            .containsEntry("tagname", "color").containsEntry("category", "test")
                            .containsEntry("value", "blue"));
            assertThat(userA.call("UpdatePersonTag", personTag, "red")).isEqualTo(1L);
            assertFault(() -> userA.call("AddPersonTag", userAId, "color", "green"), ErrorCode.ALREADY_EXISTS,
                    "already has a color tag");
            assertFault(() -> userB.call("UpdatePersonTag", personTag, "black"), ErrorCode.PERMISSION_DENIED,
                    "may not change person");
            assertFault(() -> userA.call("AddPersonTag", userAId, "secret", "x"), ErrorCode.PERMISSION_DENIED,
                    "min_role_id 10");
            assertThat(rows(userB.call("GetPersonTags", List.of(personTag)))).isEmpty();
            assertThat(rows(operator.call("GetPersonTags", Map.of("email", "user@alab.org"), List.of("value"))))
                    .containsExactly(Map.of("value", "red"));

            long siteTag = (Long) piA.call("AddSiteTag", siteA, "color", "green");
            assertFault(() -> userA.call("UpdateSiteTag", siteTag, "x"), ErrorCode.PERMISSION_DENIED,
                    "PIs and techs of site alab");
            assertFault(() -> userB.call("AddSiteTag", siteA, "color", "x"), ErrorCode.PERMISSION_DENIED,
                    "PIs and techs of site alab");
            assertThat(rows(userB.call("GetSiteTags", Map.of("login_base", "alab"), List.of("site_id", "value"))))
                    .containsExactly(Map.of("site_id", siteA, "value", "green"));
            assertThat(piA.call("DeleteSiteTag", siteTag)).isEqualTo(1L);
            assertThat(rows(operator.call("GetSiteTags", List.of(siteTag)))).isEmpty();

            long interfaceId = (Long) rows(operator.call("GetInterfaces", Map.of("node_id", nodeA)))
                    .getFirst().get("interface_id");
            long interfaceTag = (Long) techA.call("AddInterfaceTag", interfaceId, "color", "blue");
            assertThat(rows(userB.call("GetInterfaceTags", List.of(interfaceTag), List.of("ip", "value"))))
                    .containsExactly(Map.of("ip", "10.9.0.1", "value", "blue"));
            assertFault(() -> userB.call("UpdateInterfaceTag", interfaceTag, "x"), ErrorCode.PERMISSION_DENIED,
                    "not at that site");

            // Hostile input: each refused with the problem named, nothing changed.
            assertFault(() -> userA.call("UpdatePersonTag", personTag, "x".repeat(70_000)),
                    ErrorCode.INVALID_ARGUMENT, "value");
            assertFault(() -> userA.call("AddPersonTag", userAId, "no-such-type", "x"), ErrorCode.NOT_FOUND,
                    "no tag type named");
            assertFault(() -> operator.call("GetSiteTags", Map.of("no_such_field", 1L)), ErrorCode.INVALID_ARGUMENT,
                    "no_such_field");
            assertFault(() -> operator.call("DeleteInterfaceTag", 999_999L), ErrorCode.NOT_FOUND,
                    "no interface tag with interface_tag_id 999999");
            assertThat(rows(operator.call("GetPersonTags", List.of(personTag), List.of("value"))))
                    .containsExactly(Map.of("value", "red"));

            // Tags go with what they tag.
            operator.call("DeleteNode", nodeA);
            assertThat(rows(operator.call("GetInterfaceTags", List.of(interfaceTag)))).isEmpty();
            operator.call("DeleteTagType", "color");
            assertThat(rows(operator.call("GetPersonTags"))).isEmpty();
        }
    }

    @ParameterizedTest
    @MethodSource("storesAndEncodings")
    void accessorsReadAndWriteOneTag(StoreKind store, PlcClient.Encoding encoding) {
        try (TestingPlc testing = TestingPlc.start(store)) {
            PlcClient operator = testing.operator(encoding);
            Registry registry = new Registry(operator);
            long siteA = registry.site("alab");
            PlcClient piA = operator.as(registry.person("pi@alab.org", "pi", siteA));
            PlcClient techA = operator.as(registry.person("tech@alab.org", "tech", siteA));
            PlcClient userA = operator.as(registry.person("user@alab.org", "user", siteA));
            long nodeA = registry.node(siteA, "n1.alab.org", "10.9.0.1");
            operator.call("AddSlice", Map.of("name", "alab_exp", "url", "https://alab.org/", "description", "test"));
            operator.call("AddPersonToSlice", "user@alab.org", "alab_exp");

            assertThat(userA.call("GetSliceVref", "alab_exp")).isNull();
            assertThat(userA.call("SetSliceVref", "alab_exp", "debian")).isEqualTo("debian");
            assertThat(userA.call("GetSliceVref", "alab_exp")).isEqualTo("debian");
            assertThat(rows(userA.call("GetSliceTags", Map.of("tagname", "vref"), List.of("value"))))
                    .containsExactly(Map.of("value", "debian"));
            userA.call("SetSliceVref", "alab_exp", null);
            assertThat(userA.call("GetSliceVref", "alab_exp")).isNull();
            assertThat(userA.call("GetSliceVref", "alab_nosuch")).isNull();

            assertThat(techA.call("SetNodeArch", nodeA, "x86_64")).isEqualTo("x86_64");
            assertThat(userA.call("GetNodeArch", "n1.alab.org")).isEqualTo("x86_64");
            techA.call("SetNodeArch", "n1.alab.org", "aarch64");
            assertThat(userA.call("GetNodeArch", nodeA)).isEqualTo("aarch64");
            assertThat(rows(operator.call("GetTagTypes", List.of("arch"), List.of("category", "description"))))
                    .containsExactly(Map.of("category", "node/slice/config", "description", "node arch or slivers arch"));
            assertFault(() -> techA.call("SetNodeDeployment", nodeA, "production"), ErrorCode.PERMISSION_DENIED,
                    "SetNodeDeployment");
            operator.call("SetNodeExtensions", nodeA, "ipv6 umts");
            assertThat(Registry.struct(userA.call("GetNodeFlavour", nodeA))).isEqualTo(Map.of("nodefamily",
                    "planetlab-debian-aarch64", "fcdistro", "debian", "extensions", List.of("ipv6-debian-aarch64",
                    "umts-debian-aarch64"), "plain", false, "virt", "lxc"));

            assertThat(userA.call("SetPersonHrn", "user@alab.org", "plc.alab.user")).isEqualTo("plc.alab.user");
            assertThat(operator.call("GetPersonHrn", "USER@alab.org")).isEqualTo("plc.alab.user");
            piA.call("SetSiteHrn", "alab", "plc.alab");
            assertThat(userA.call("GetSiteHrn", siteA)).isEqualTo("plc.alab");
            techA.call("SetInterfaceIfname", "10.9.0.1", "eth0");
            assertThat(userA.call("GetInterfaceIfname", "10.9.0.1")).isEqualTo("eth0");

            assertFault(() -> userA.call("SetSiteHrn", "alab", "x"), ErrorCode.PERMISSION_DENIED,
                    "PIs and techs of site alab");
            assertFault(() -> techA.call("SetNodeArch", "no.such.node", "x"), ErrorCode.NOT_FOUND, "no.such.node");
            assertThat(userA.call("GetSiteHrn", siteA)).isEqualTo("plc.alab");
        }
    }

    private static void assertFault(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, ErrorCode code,
            String text) {
        assertThatThrownBy(call).isInstanceOfSatisfying(PlanetLabException.class, fault -> {
            assertThat(fault.code()).isEqualTo(code);
            assertThat(fault.getMessage()).contains(text);
        });
    }
}
