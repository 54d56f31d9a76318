package org.planetlab.api.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
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

    @Test
    void signaturesEnumerateArityAndAlternatives() {
        MethodSpec getSites = MethodCatalog.lookup("GetSites").orElseThrow();
        assertThat(MethodHelp.signatures(getSites)).contains(List.of("array", "struct"),
                List.of("array", "struct", "mixed"), List.of("array", "struct", "mixed", "array"),
                List.of("array", "struct", "mixed", "nil"));
        assertThat(MethodHelp.signature(MethodCatalog.lookup("UpdateSite").orElseThrow()))
                .isEqualTo("UpdateSite(auth, site_id_or_login_base, site_fields) -> int");
    }
}
