package org.planetlab.api.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.planetlab.api.method.MethodHelp;
import org.planetlab.api.method.MethodSpec;

class MethodCatalogTest {
    @Test
    void offersPlcapiAndSeedMethods() {
        for (String name : List.of("AddSite", "GetSites", "UpdateSite", "DeleteSite", "AddPerson", "AddRoleToPerson",
                "AddPersonToSite", "AddPersonKey", "AddNode", "AddSlice", "AddPersonToSlice", "AddSliceToNodes",
                "AddSliceTag", "GetSlivers", "CreateSlice", "SetSliceAttr", "AddSlicePrincipal", "AddSliceNode",
                "StartSlice", "GetManagedNode", "GetNodes", "system.listMethods", "system.methodHelp",
                "system.multicall")) {
            assertThat(MethodCatalog.lookup(name)).as(name).isPresent();
        }
    }

    @Test
    void everyMethodHasHelpRolesAndSignatures() {
        for (MethodSpec spec : MethodCatalog.all()) {
            assertThat(spec.help()).as(spec.name()).isNotBlank();
            assertThat(spec.takesAuth() == !spec.roles().isEmpty()).as(spec.name()).isTrue();
            assertThat(MethodHelp.help(spec)).contains(spec.name()).contains("Returns:");
            assertThat(MethodHelp.signatures(spec)).as(spec.name()).isNotEmpty();
            // Get methods never change state; every Add/Update/Delete does.
            // GetSession and GetSliceTicket create a session or a signed ticket, which are recorded.
            if (spec.name().startsWith("Get") && !spec.name().equals("GetSession") && !spec.name().equals("GetSliceTicket")) {
                assertThat(spec.mutates()).as(spec.name()).isFalse();
            }
            if (spec.name().matches("(Add|Update|Delete).*")) {
                assertThat(spec.mutates()).as(spec.name()).isTrue();
            }
        }
    }

    /** The introspection convention knows these type names; PLCAPI's nil extension adds nil. */
    private static final Set<String> XML_RPC_TYPES = Set.of("int", "boolean", "string", "double", "array", "struct",
            "nil", "dateTime.iso8601", "base64");

    @Test
    void signaturesUseOnlyXmlRpcTypeNames() {
        for (MethodSpec spec : MethodCatalog.all()) {
            for (List<String> signature : MethodHelp.signatures(spec)) {
                assertThat(XML_RPC_TYPES).as(spec.name() + " " + signature).containsAll(signature);
                int arguments = signature.size() - 1 - (spec.takesAuth() ? 1 : 0);
                assertThat(arguments).as(spec.name() + " " + signature)
                        .isBetween(spec.requiredParamCount(), spec.params().size());
                if (spec.takesAuth()) {
                    assertThat(signature.get(1)).as(spec.name() + " auth").isEqualTo("struct");
                }
            }
        }
    }

    @Test
    void signaturesFollowTheAcceptedValues() {
        MethodSpec deleteSite = MethodCatalog.lookup("DeleteSite").orElseThrow();
        assertThat(MethodHelp.signatures(deleteSite)).containsExactly(List.of("int", "struct", "int"),
                List.of("int", "struct", "string"));
        assertThat(MethodHelp.signatures(MethodCatalog.lookup("GetSlivers").orElseThrow()))
                .allSatisfy(signature -> assertThat(signature.getFirst()).isEqualTo("struct"));
        assertThat(MethodHelp.signatures(MethodCatalog.lookup("system.multicall").orElseThrow()))
                .containsExactly(List.of("array", "array"));
        assertThat(MethodHelp.signature(MethodCatalog.lookup("GetSession").orElseThrow()))
                .isEqualTo("GetSession(auth, [expires]) -> string");
        assertThat(MethodHelp.signatures(MethodCatalog.lookup("GetSession").orElseThrow()))
                .containsExactly(List.of("string", "struct"), List.of("string", "struct", "int"),
                        List.of("string", "struct", "nil"));
    }

    @Test
    void signaturesEnumerateArityAndAlternatives() {
        MethodSpec getSites = MethodCatalog.lookup("GetSites").orElseThrow();
        assertThat(MethodHelp.signatures(getSites)).contains(List.of("array", "struct"),
                List.of("array", "struct", "int"), List.of("array", "struct", "string"),
                List.of("array", "struct", "array"), List.of("array", "struct", "struct"),
                List.of("array", "struct", "nil"), List.of("array", "struct", "struct", "array"),
                List.of("array", "struct", "string", "nil"));
        assertThat(MethodHelp.signature(MethodCatalog.lookup("UpdateSite").orElseThrow()))
                .isEqualTo("UpdateSite(auth, site_id_or_login_base, site_fields) -> int");
    }
}
