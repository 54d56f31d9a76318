package org.planetlab.plc.typetable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.planetlab.plc.testing.Registry.rows;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
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
 * The original PLCAPI's type tables as an operator's scripts use them, on both stores and both
 * encodings: values added are listed and usable where PLC can act on them, refused by name where
 * it cannot; the values PLC acts on cannot be deleted, nor one in use.
 */
class TypeTablesTest {
    static Stream<Arguments> storesAndEncodings() {
        return Stream.of(Arguments.of(StoreKind.SQLITE, PlcClient.Encoding.JSON),
                Arguments.of(StoreKind.POSTGRESQL, PlcClient.Encoding.XML_RPC));
    }

    @ParameterizedTest
    @MethodSource("storesAndEncodings")
    void typeTablesRoundTrip(StoreKind store, PlcClient.Encoding encoding) {
        try (TestingPlc testing = TestingPlc.start(store)) {
            PlcClient operator = testing.operator(encoding);
            Registry registry = new Registry(operator);
            long site = registry.site("alab");
            long otherSite = registry.site("blab");
            PlcClient pi = operator.as(registry.person("pi@alab.org", "pi", site));
            PlcClient otherPi = operator.as(registry.person("pi@blab.org", "pi", otherSite));
            long node = registry.node(site, "n1.alab.org", "10.9.0.1");

            oneColumnTables(operator, node);
            roles(operator, pi);
            addressTypes(operator, pi, otherPi, site);
            pcuTypes(operator, site);
        }
    }

    private static void oneColumnTables(PlcClient operator, long node) {
        assertThat(operator.call("GetNodeTypes")).isEqualTo(List.of("regular", "reservable"));
        assertThat(operator.call("AddNodeType", "dummynet")).isEqualTo(1L);
        assertThat(operator.call("GetNodeTypes")).isEqualTo(List.of("regular", "reservable", "dummynet"));
        assertFault(() -> operator.call("AddNodeType", "dummynet"), ErrorCode.ALREADY_EXISTS,
                "node type \"dummynet\" exists already");
        // An added node type is given to nodes, as the original allowed.
        assertThat(operator.call("UpdateNode", node, Map.of("node_type", "dummynet"))).isEqualTo(1L);
        assertThat(rows(operator.call("GetNodes", List.of(node), List.of("node_type"))).getFirst())
                .containsEntry("node_type", "dummynet");
        assertFault(() -> operator.call("UpdateNode", node, Map.of("node_type", "gpu")), ErrorCode.INVALID_ARGUMENT,
                "node_fields.node_type: \"gpu\" is not a node type; the node types are regular, reservable, dummynet");
        assertFault(() -> operator.call("DeleteNodeType", "dummynet"), ErrorCode.IN_USE,
                "node type \"dummynet\" is used by 1 node(s)");
        operator.call("UpdateNode", node, Map.of("node_type", "regular"));
        assertThat(operator.call("DeleteNodeType", "dummynet")).isEqualTo(1L);
        assertThat(operator.call("GetNodeTypes")).isEqualTo(List.of("regular", "reservable"));
        assertFault(() -> operator.call("DeleteNodeType", "regular"), ErrorCode.INVALID_ARGUMENT,
                "node type \"regular\" cannot be deleted: PLC acts on it");
        assertFault(() -> operator.call("DeleteNodeType", "dummynet"), ErrorCode.NOT_FOUND, "no node type \"dummynet\"");

        // Added values PLC cannot act on are listed, and refused where they would be used.
        operator.call("AddKeyType", "dsa");
        assertThat(operator.call("GetKeyTypes")).isEqualTo(List.of("ssh", "dsa"));
        assertFault(() -> operator.call("AddPersonKey", TestingPlc.OPERATOR_EMAIL, Map.of("key_type", "dsa", "key",
                "AAAA")), ErrorCode.INVALID_ARGUMENT, "ssh, the only key type nodes install");
        operator.call("AddBootState", "failboot");
        assertThat(operator.call("GetBootStates")).isEqualTo(List.of("boot", "safeboot", "reinstall", "disabled",
                "failboot"));
        assertFault(() -> operator.call("UpdateNode", node, Map.of("boot_state", "failboot")),
                ErrorCode.INVALID_ARGUMENT, "the states the boot manager acts on");
        operator.call("AddNetworkMethod", "tap");
        operator.call("AddNetworkType", "ipx");
        operator.call("AddSliceInstantiation", "sfa-instantiated");
        assertThat(operator.call("GetNetworkMethods")).isEqualTo(List.of("static", "dhcp", "tap"));
        assertThat(operator.call("GetNetworkTypes")).isEqualTo(List.of("ipv4", "ipv6", "ipx"));
        assertThat(operator.call("GetSliceInstantiations")).asList().endsWith("sfa-instantiated");
        assertFault(() -> operator.call("AddInterface", node, Map.of("method", "tap", "type", "ipv4")),
                ErrorCode.INVALID_ARGUMENT, "the methods nodes configure");
        assertFault(() -> operator.call("AddInterface", node, Map.of("method", "static", "type", "ipx")),
                ErrorCode.INVALID_ARGUMENT, "the families nodes configure");
        assertFault(() -> operator.call("AddSlice", Map.of("name", "alab_sfa", "instantiation", "sfa-instantiated")),
                ErrorCode.INVALID_ARGUMENT, "the ways the node agent creates slivers");
        for (List<String> deletion : List.of(List.of("DeleteKeyType", "dsa"), List.of("DeleteBootState", "failboot"),
                List.of("DeleteNetworkMethod", "tap"), List.of("DeleteNetworkType", "ipx"),
                List.of("DeleteSliceInstantiation", "sfa-instantiated"))) {
            assertThat(operator.call(deletion.get(0), deletion.get(1))).isEqualTo(1L);
        }
        assertThat(operator.call("GetKeyTypes")).isEqualTo(List.of("ssh"));
        assertThat(operator.call("GetNetworkMethods")).isEqualTo(List.of("static", "dhcp"));
        assertFault(() -> operator.call("DeleteKeyType", "ssh"), ErrorCode.INVALID_ARGUMENT, "PLC acts on it");
        assertFault(() -> operator.call("DeleteBootState", "boot"), ErrorCode.INVALID_ARGUMENT, "PLC acts on it");
        assertFault(() -> operator.call("DeleteNetworkType", "ipv4"), ErrorCode.INVALID_ARGUMENT, "PLC acts on it");
        assertFault(() -> operator.call("DeleteSliceInstantiation", "delegated"), ErrorCode.INVALID_ARGUMENT,
                "PLC acts on it");
    }

    private static void roles(PlcClient operator, PlcClient pi) {
        assertThat(operator.call("AddRole", 60L, "observer")).isEqualTo(1L);
        assertThat(rows(operator.call("GetRoles"))).extracting(role -> role.get("name"))
                .containsExactly("admin", "pi", "user", "tech", "observer");
        assertFault(() -> operator.call("AddRole", 60L, "watcher"), ErrorCode.ALREADY_EXISTS, "role_id 60");
        assertFault(() -> operator.call("AddRole", 70L, "pi"), ErrorCode.ALREADY_EXISTS, "a role named \"pi\"");
        assertFault(() -> operator.call("AddRoleToPerson", "observer", "pi@alab.org"), ErrorCode.INVALID_ARGUMENT,
                "role observer was added by an operator and grants nothing here");
        assertFault(() -> operator.call("DeleteRole", "tech"), ErrorCode.INVALID_ARGUMENT,
                "role tech cannot be deleted");

        long tagType = (Long) operator.call("AddTagType", Map.of("tagname", "rack", "min_role_id", 10L));
        assertThat(operator.call("AddRoleToTagType", "pi", "rack")).isEqualTo(1L);
        assertThat(roleIds(operator, tagType)).containsExactly(10L, 20L);
        assertThat(pi.call("AddNodeTag", "n1.alab.org", "rack", "r12")).isInstanceOf(Long.class);
        assertThat(operator.call("AddRoleToTagType", 10L, tagType)).isEqualTo(1L);
        assertThat(roleIds(operator, tagType)).containsExactly(10L, 20L);
        assertFault(() -> operator.call("AddRoleToTagType", "observer", "rack"), ErrorCode.INVALID_ARGUMENT,
                "role observer was added by an operator and grants nothing here");
        assertThat(operator.call("DeleteRoleFromTagType", "pi", tagType)).isEqualTo(1L);
        assertThat(roleIds(operator, tagType)).containsExactly(10L);
        assertFault(() -> pi.call("AddNodeTag", "n1.alab.org", "rack", "r13"), ErrorCode.PERMISSION_DENIED, "rack");
        assertFault(() -> operator.call("DeleteRoleFromTagType", "admin", "rack"), ErrorCode.INVALID_ARGUMENT,
                "admin may always set every tag type");

        assertThat(operator.call("DeleteRole", 60L)).isEqualTo(1L);
        assertThat(rows(operator.call("GetRoles"))).extracting(role -> role.get("name"))
                .containsExactly("admin", "pi", "user", "tech");
        assertFault(() -> operator.call("DeleteRole", "observer"), ErrorCode.NOT_FOUND, "no role named \"observer\"");
    }

    private static List<Object> roleIds(PlcClient operator, long tagType) {
        return (List<Object>) rows(operator.call("GetTagTypes", List.of(tagType), List.of("role_ids"))).getFirst()
                .get("role_ids");
    }

    private static void addressTypes(PlcClient operator, PlcClient pi, PlcClient otherPi, long site) {
        assertThat(rows(operator.call("GetAddressTypes"))).extracting(type -> type.get("name"))
                .containsExactly("Personal", "Shipping", "Billing");
        long delivery = (Long) operator.call("AddAddressType", Map.of("name", "Delivery", "description", "goods in"));
        assertThat(rows(pi.call("GetAddressTypes", List.of("Delivery")))).containsExactly(Map.of("address_type_id",
                delivery, "name", "Delivery", "description", "goods in"));
        assertFault(() -> operator.call("AddAddressType", Map.of("name", "Billing")), ErrorCode.ALREADY_EXISTS,
                "an address type named \"Billing\" exists already");
        assertThat(operator.call("UpdateAddressType", "Delivery", Map.of("name", "Goods"))).isEqualTo(1L);
        assertFault(() -> operator.call("UpdateAddressType", delivery, Map.of("name", "Shipping")),
                ErrorCode.ALREADY_EXISTS, "\"Shipping\" exists already");

        long address = (Long) operator.call("AddSiteAddress", site, Map.of("line1", "1 Main St", "city", "Town",
                "country", "Nowhere"));
        assertThat(pi.call("AddAddressTypeToAddress", "Goods", address)).isEqualTo(1L);
        assertThat(pi.call("AddAddressTypeToAddress", "Billing", address)).isEqualTo(1L);
        assertThat(pi.call("AddAddressTypeToAddress", delivery, address)).isEqualTo(1L);
        long billing = (Long) rows(operator.call("GetAddressTypes", List.of("Billing"))).getFirst()
                .get("address_type_id");
        assertThat(rows(operator.call("GetAddresses", List.of(address), List.of("address_type_ids", "address_types")))
                .getFirst()).isEqualTo(Map.of("address_type_ids", List.of(billing, delivery), "address_types",
                List.of("Billing", "Goods")));
        assertFault(() -> otherPi.call("AddAddressTypeToAddress", "Personal", address), ErrorCode.PERMISSION_DENIED,
                "is not at site");
        assertFault(() -> operator.call("AddAddressTypeToAddress", "Personal", 999_999L), ErrorCode.NOT_FOUND,
                "address_id: no address with address_id 999999");
        assertThat(pi.call("DeleteAddressTypeFromAddress", "Billing", address)).isEqualTo(1L);
        assertThat(operator.call("DeleteAddressType", "Goods")).isEqualTo(1L);
        assertThat(rows(operator.call("GetAddresses", List.of(address), List.of("address_type_ids"))).getFirst())
                .containsEntry("address_type_ids", List.of());
        assertFault(() -> operator.call("DeleteAddressType", "Goods"), ErrorCode.NOT_FOUND,
                "no address type named \"Goods\"");
        operator.call("AddAddressTypeToAddress", "Shipping", address);
        assertThat(operator.call("DeleteAddress", address)).isEqualTo(1L);
        assertThat(rows(operator.call("GetAddressTypes"))).extracting(type -> type.get("name"))
                .containsExactly("Personal", "Shipping", "Billing");
    }

    private static void pcuTypes(PlcClient operator, long site) {
        long type = (Long) operator.call("AddPCUType", Map.of("model", "APCControl", "name", "APC Masterswitch"));
        long ssh = (Long) operator.call("AddPCUProtocolType", "APCControl", Map.of("port", 22L, "protocol", "ssh"));
        long telnet = (Long) operator.call("AddPCUProtocolType", type, Map.of("port", 23L, "protocol", "telnet",
                "supported", false));
        assertFault(() -> operator.call("AddPCUProtocolType", type, Map.of("port", 22L, "protocol", "https")),
                ErrorCode.ALREADY_EXISTS, "on port 22 already");
        assertFault(() -> operator.call("AddPCUType", Map.of("model", "APCControl")), ErrorCode.ALREADY_EXISTS,
                "model \"APCControl\" exists already");
        assertThat(rows(operator.call("GetPCUTypes", "APCControl"))).containsExactly(Map.of("pcu_type_id", type,
                "model", "APCControl", "name", "APC Masterswitch", "pcu_protocol_type_ids", List.of(ssh, telnet),
                "pcu_protocol_types", List.of(
                        Map.of("pcu_protocol_type_id", ssh, "port", 22L, "protocol", "ssh", "supported", true),
                        Map.of("pcu_protocol_type_id", telnet, "port", 23L, "protocol", "telnet", "supported",
                                false))));
        assertThat(rows(operator.call("GetPCUTypes", List.of(type), List.of("model"))))
                .containsExactly(Map.of("model", "APCControl"));
        assertThat(operator.call("UpdatePCUProtocolType", telnet, Map.of("supported", true, "port", 2323L)))
                .isEqualTo(1L);
        assertThat(rows(operator.call("GetPCUProtocolTypes", Map.of("pcu_type_id", type), List.of("port",
                "supported")))).containsExactly(Map.of("port", 22L, "supported", true),
                Map.of("port", 2323L, "supported", true));
        assertThat(operator.call("UpdatePCUType", type, Map.of("name", "APC AP7900"))).isEqualTo(1L);
        // A PCU names its type by its model.
        long pcu = (Long) operator.call("AddPCU", site, Map.of("ip", "10.9.0.200", "protocol", "ipmi",
                "model", "APCControl"));
        assertThat(rows(operator.call("GetPCUs", List.of(pcu), List.of("model"))).getFirst())
                .containsEntry("model", "APCControl");
        assertThat(operator.call("DeletePCUProtocolType", ssh)).isEqualTo(1L);
        assertThat(operator.call("DeletePCUType", type)).isEqualTo(1L);
        assertThat(rows(operator.call("GetPCUTypes"))).isEmpty();
        assertThat(rows(operator.call("GetPCUProtocolTypes"))).isEmpty();
        assertFault(() -> operator.call("DeletePCUType", type), ErrorCode.NOT_FOUND, "no PCU type with pcu_type_id");
    }

    static void assertFault(ThrowingCallable call, ErrorCode code, String text) {
        assertThatThrownBy(call).isInstanceOfSatisfying(PlanetLabException.class, fault -> {
            assertThat(fault.code()).isEqualTo(code);
            assertThat(fault.getMessage()).contains(text);
        });
    }
}
