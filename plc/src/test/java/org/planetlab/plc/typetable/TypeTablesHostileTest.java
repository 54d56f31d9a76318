package org.planetlab.plc.typetable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.planetlab.api.catalog.MethodCatalog;
import org.planetlab.api.catalog.ServedWithLimits;
import org.planetlab.api.client.PlcClient;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.api.method.MethodSpec;
import org.planetlab.api.typetable.AddressTypeApi;
import org.planetlab.api.typetable.PcuTypeApi;
import org.planetlab.api.typetable.TypeValueApi;
import org.planetlab.plc.testing.Registry;
import org.planetlab.plc.testing.StoreKind;
import org.planetlab.plc.testing.TestingPlc;

/**
 * Every type table method called by an operator with hostile arguments, in both encodings: each
 * call is answered with a fault that names the problem, and every type table, address, PCU type
 * and tag type is the same afterwards.
 */
class TypeTablesHostileTest {
    private static final List<MethodSpec> METHODS = Stream.of(TypeValueApi.METHODS, AddressTypeApi.METHODS,
            PcuTypeApi.METHODS).flatMap(List::stream).toList();

    private record Hostile(String method, List<Object> args, ErrorCode code, String named) {}

    @Test
    void hostileArgumentsAreRefusedByNameAndChangeNothing() {
        try (TestingPlc testing = TestingPlc.start(StoreKind.SQLITE)) {
            PlcClient operator = testing.operator(PlcClient.Encoding.XML_RPC);
            Registry registry = new Registry(operator);
            long site = registry.site("alab");
            registry.node(site, "n1.alab.org", "10.9.0.1");
            long address = (Long) operator.call("AddSiteAddress", site, Map.of("line1", "1 Main St", "city", "Town",
                    "country", "Nowhere"));
            operator.call("AddAddressTypeToAddress", "Billing", address);
            long pcuType = (Long) operator.call("AddPCUType", Map.of("model", "APCControl"));
            long protocolType = (Long) operator.call("AddPCUProtocolType", pcuType, Map.of("port", 22L,
                    "protocol", "ssh"));
            operator.call("AddRole", 60L, "observer");
            operator.call("AddNodeType", "dummynet");
            operator.call("AddTagType", Map.of("tagname", "rack"));
            List<Object> before = snapshot(operator);

            List<String> problems = new ArrayList<>();
            for (PlcClient.Encoding encoding : PlcClient.Encoding.values()) {
                PlcClient client = testing.operator(encoding);
                for (MethodSpec spec : METHODS) {
                    if (!spec.params().isEmpty()) {
                        List<Object> wrong = Collections.nCopies(Math.max(1, spec.requiredParamCount()), 3.5);
                        problems.addAll(refusal(client, new Hostile(spec.name(), wrong, ErrorCode.INVALID_ARGUMENT,
                                spec.params().getFirst().name() + ":")));
                    }
                    if (encoding == PlcClient.Encoding.XML_RPC) {
                        // The JSON client itself refuses more arguments than the method names.
                        problems.addAll(refusal(client, new Hostile(spec.name(), Collections.nCopies(
                                spec.params().size() + 1, "x"), ErrorCode.WRONG_ARGUMENT_COUNT, spec.name() + "(")));
                    }
                }
                for (Hostile hostile : hostile(address, pcuType, protocolType)) {
                    problems.addAll(refusal(client, hostile));
                }
            }
            assertThat(problems).isEmpty();
            assertThat(snapshot(operator)).isEqualTo(before);
        }
    }

    @Test
    void notesAreOnServedMethods() {
        assertThat(ServedWithLimits.all().keySet()).allMatch(name -> MethodCatalog.lookup(name).isPresent());
    }

    private static List<Hostile> hostile(long address, long pcuType, long protocolType) {
        String tooLong = "x".repeat(21);
        ErrorCode invalid = ErrorCode.INVALID_ARGUMENT;
        return List.of(
                new Hostile("AddKeyType", List.of(""), invalid, "key_type"),
                new Hostile("AddKeyType", List.of(tooLong), invalid, "key_type"),
                new Hostile("AddKeyType", List.of("ssh"), ErrorCode.ALREADY_EXISTS, "key type \"ssh\" exists already"),
                new Hostile("DeleteKeyType", List.of("ssh"), invalid, "key type \"ssh\" cannot be deleted"),
                new Hostile("DeleteBootState", List.of("boot"), invalid, "boot state \"boot\" cannot be deleted"),
                new Hostile("DeleteBootState", List.of("nosuch"), ErrorCode.NOT_FOUND, "no boot state \"nosuch\""),
                new Hostile("AddNodeType", List.of(tooLong), invalid, "node_type"),
                new Hostile("DeleteNodeType", List.of("regular"), invalid, "node type \"regular\" cannot be deleted"),
                new Hostile("DeleteNetworkMethod", List.of("dhcp"), invalid, "cannot be deleted"),
                new Hostile("DeleteNetworkType", List.of("ipv6"), invalid, "cannot be deleted"),
                new Hostile("AddSliceInstantiation", List.of("x".repeat(101)), invalid, "instantiation"),
                new Hostile("DeleteSliceInstantiation", List.of("plc-instantiated"), invalid, "cannot be deleted"),
                new Hostile("AddRole", List.of(0L, "zero"), invalid, "role_id"),
                new Hostile("AddRole", List.of(-5L, "negative"), invalid, "role_id"),
                new Hostile("AddRole", List.of(61L, ""), invalid, "name"),
                new Hostile("AddRole", List.of(61L, "operator"), ErrorCode.ALREADY_EXISTS, "\"operator\""),
                new Hostile("AddRole", List.of(10L, "boss"), ErrorCode.ALREADY_EXISTS, "role_id 10"),
                new Hostile("DeleteRole", List.of("admin"), invalid, "role admin cannot be deleted"),
                new Hostile("DeleteRole", List.of(99L), ErrorCode.NOT_FOUND, "no role with role_id 99"),
                new Hostile("AddRoleToTagType", List.of("observer", "rack"), invalid, "grants nothing here"),
                new Hostile("AddRoleToTagType", List.of("pi", "nosuchtag"), ErrorCode.NOT_FOUND, "nosuchtag"),
                new Hostile("AddRoleToTagType", List.of("nobody", "rack"), ErrorCode.NOT_FOUND, "\"nobody\""),
                new Hostile("DeleteRoleFromTagType", List.of("admin", "rack"), invalid, "admin may always set"),
                new Hostile("GetAddressTypes", List.of(Map.of(), List.of("bogus")), invalid, "return_fields"),
                new Hostile("GetAddressTypes", List.of(Map.of("colour", "red")), invalid, "colour"),
                new Hostile("AddAddressType", List.of(Map.of()), invalid, "name"),
                new Hostile("AddAddressType", List.of(Map.of("name", tooLong)), invalid, "name"),
                new Hostile("AddAddressType", List.of(Map.of("name", "x", "address_type_id", 5L)), invalid,
                        "address_type_id"),
                new Hostile("AddAddressType", List.of(Map.of("name", "Billing")), ErrorCode.ALREADY_EXISTS, "Billing"),
                new Hostile("UpdateAddressType", List.of("Billing", Map.of("name", "Shipping")),
                        ErrorCode.ALREADY_EXISTS, "Shipping"),
                new Hostile("UpdateAddressType", List.of("Nope", Map.of("name", "Other")), ErrorCode.NOT_FOUND,
                        "no address type named \"Nope\""),
                new Hostile("DeleteAddressType", List.of(999L), ErrorCode.NOT_FOUND, "address_type_id 999"),
                new Hostile("AddAddressTypeToAddress", List.of("Nope", address), ErrorCode.NOT_FOUND, "\"Nope\""),
                new Hostile("AddAddressTypeToAddress", List.of("Personal", 0L), invalid, "address_id"),
                new Hostile("DeleteAddressTypeFromAddress", List.of("Personal", 999_999L), ErrorCode.NOT_FOUND,
                        "address_id"),
                new Hostile("GetPCUTypes", List.of(Map.of("pcu_protocol_types", List.of())), invalid,
                        "pcu_protocol_types"),
                new Hostile("AddPCUType", List.of(Map.of()), invalid, "model"),
                new Hostile("AddPCUType", List.of(Map.of("model", "")), invalid, "model"),
                new Hostile("AddPCUType", List.of(Map.of("model", "APCControl")), ErrorCode.ALREADY_EXISTS,
                        "APCControl"),
                new Hostile("UpdatePCUType", List.of(pcuType, Map.of("pcu_protocol_type_ids", List.of(1L))), invalid,
                        "pcu_protocol_type_ids"),
                new Hostile("UpdatePCUType", List.of(999L, Map.of("name", "x")), ErrorCode.NOT_FOUND, "999"),
                new Hostile("DeletePCUType", List.of(0L), invalid, "pcu_type_id"),
                new Hostile("GetPCUProtocolTypes", List.of("ssh"), invalid, "protocol_type_filter"),
                new Hostile("AddPCUProtocolType", List.of(pcuType, Map.of("protocol", "ssh")), invalid, "port"),
                new Hostile("AddPCUProtocolType", List.of(pcuType, Map.of("port", 0L, "protocol", "ssh")), invalid,
                        "port"),
                new Hostile("AddPCUProtocolType", List.of(pcuType, Map.of("port", 70_000L, "protocol", "ssh")),
                        invalid, "port"),
                new Hostile("AddPCUProtocolType", List.of(pcuType, Map.of("port", 80L)), invalid, "protocol"),
                new Hostile("AddPCUProtocolType", List.of(pcuType, Map.of("port", 22L, "protocol", "https")),
                        ErrorCode.ALREADY_EXISTS, "port 22"),
                new Hostile("AddPCUProtocolType", List.of("NoSuchModel", Map.of("port", 80L, "protocol", "http")),
                        ErrorCode.NOT_FOUND, "NoSuchModel"),
                new Hostile("UpdatePCUProtocolType", List.of(protocolType, Map.of("supported", "yes")), invalid,
                        "supported"),
                new Hostile("DeletePCUProtocolType", List.of(999L), ErrorCode.NOT_FOUND, "999"));
    }

    private static List<String> refusal(PlcClient client, Hostile hostile) {
        PlanetLabException fault = catchThrowableOfType(PlanetLabException.class,
                () -> client.callWith(hostile.method(), hostile.args()));
        if (fault == null) {
            return List.of(hostile.method() + hostile.args() + " was accepted");
        }
        if (fault.code() != hostile.code() || !fault.getMessage().contains(hostile.named())) {
            return List.of(hostile.method() + hostile.args() + " answered " + fault.code() + ": " + fault.getMessage());
        }
        return List.of();
    }

    private static List<Object> snapshot(PlcClient operator) {
        List<Object> state = new ArrayList<>();
        for (String method : List.of("GetRoles", "GetKeyTypes", "GetBootStates", "GetNodeTypes", "GetNetworkMethods",
                "GetNetworkTypes", "GetSliceInstantiations", "GetAddressTypes", "GetAddresses", "GetPCUTypes",
                "GetPCUProtocolTypes", "GetTagTypes", "GetNodes", "GetPersons")) {
            state.add(operator.call(method));
        }
        return state;
    }
}
