package org.planetlab.plc.naming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.planetlab.plc.testing.Registry.rows;

import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.planetlab.api.client.PlcClient;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.plc.testing.Registry;
import org.planetlab.plc.testing.StoreKind;
import org.planetlab.plc.testing.TestingPlc;

/**
 * Two naming authorities in one PLC, on both stores, over the wire: PLC's own (plc) and one an
 * operator adds (ple); a site moved under ple names its slices ple.<login_base>.<name>, found by
 * that name and by its PLCAPI name, never by plc's; login bases stay unique across authorities;
 * only operators add, list and move; bad names and moves that would rename live slices are refused.
 */
class NamingAuthoritiesTest {
    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void sitesSlicesAndNamesFollowTheirAuthority(StoreKind store) {
        try (TestingPlc testing = TestingPlc.start(store)) {
            PlcClient operator = testing.operator(PlcClient.Encoding.XML_RPC);
            Registry registry = new Registry(operator);
            long princeton = registry.site("princeton");
            long inria = registry.site("inria");
            PlcClient piInria = testing.client(registry.person("pi@inria.fr", "pi", inria), PlcClient.Encoding.JSON);
            long operatorId = registry.personId(TestingPlc.OPERATOR_EMAIL);

            long ple = (Long) operator.call("AddNamingAuthority",
                    Map.of("hrn", "ple", "name", "PlanetLab Europe", "person_id", operatorId));
            List<Map<String, Object>> authorities = rows(operator.call("GetNamingAuthorities"));
            assertThat(authorities).extracting(row -> row.get("hrn")).containsExactly("plc", "ple");
            assertThat(authorities.getFirst()).containsEntry("is_own", true)
                    .containsEntry("site_ids", List.of(princeton, inria));
            assertThat(authorities.get(1)).containsEntry("naming_authority_id", ple).containsEntry("is_own", false)
                    .containsEntry("person_id", operatorId).containsEntry("site_ids", List.of());

            assertThat(operator.call("SetSiteNamingAuthority", "inria", "ple")).isEqualTo(1L);
            assertThat(rows(operator.call("GetSites", List.of(princeton, inria), List.of("login_base", "naming_authority"))))
                    .containsExactly(Map.of("login_base", "princeton", "naming_authority", "plc"),
                            Map.of("login_base", "inria", "naming_authority", "ple"));
            assertThat(rows(operator.call("GetNamingAuthorities", List.of("ple"), List.of("site_ids"))))
                    .containsExactly(Map.of("site_ids", List.of(inria)));

            piInria.call("AddSlice", Map.of("name", "inria_demo"));
            operator.call("AddSlice", Map.of("name", "princeton_codeen"));
            assertThat(rows(operator.call("GetSlices", List.of("inria_demo", "princeton_codeen"), List.of("name", "hrn"))))
                    .containsExactlyInAnyOrder(Map.of("name", "inria_demo", "hrn", "ple.inria.demo"),
                            Map.of("name", "princeton_codeen", "hrn", "plc.princeton.codeen"));
            // A node's view names every authority of this PLC, its own first, so the node runs ple's slices too.
            long node = registry.node(inria, "node1.inria.fr", "10.0.0.5");
            operator.call("AddSliceToNodes", "inria_demo", List.of(node));
            Map<String, Object> view = Registry.struct(operator.call("GetSlivers", node));
            assertThat(view.get("naming_authorities")).isEqualTo(List.of("plc", "ple"));
            assertThat(rows(view.get("slivers"))).extracting(sliver -> sliver.get("hrn")).containsExactly("ple.inria.demo");
            // Hierarchical names are taken under the site's authority, and only there.
            assertThat(piInria.call("UpdateSlice", "ple.inria.demo", Map.of("description", "under ple"))).isEqualTo(1L);
            assertThat(rows(operator.call("GetSlices", List.of("inria_demo"), List.of("description"))))
                    .containsExactly(Map.of("description", "under ple"));
            assertFault(() -> piInria.call("UpdateSlice", "plc.inria.demo", Map.of("description", "x")),
                    ErrorCode.NOT_FOUND, "the slices of site inria are named under the authority ple");
            assertFault(() -> operator.call("UpdateSlice", "ple.princeton.codeen", Map.of("description", "x")),
                    ErrorCode.NOT_FOUND, "site princeton are named under the authority plc");
            assertThat(operator.call("UpdateSlice", "plc.princeton.codeen", Map.of("description", "y"))).isEqualTo(1L);

            // PLCAPI names stay unique: a login base is taken whichever authority its site is under.
            assertFault(() -> registry.site("inria"), ErrorCode.ALREADY_EXISTS, "login_base \"inria\"");
            assertFault(() -> operator.call("SetSiteNamingAuthority", "inria", "plc"), ErrorCode.IN_USE,
                    "has live slices [inria_demo]");
            assertFault(() -> operator.call("SetSiteNamingAuthority", "princeton", "nowhere"), ErrorCode.NOT_FOUND,
                    "no naming authority \"nowhere\"");
            assertFault(() -> operator.call("AddNamingAuthority", Map.of("hrn", "ple", "name", "again")),
                    ErrorCode.ALREADY_EXISTS, "ple already exists");
            assertFault(() -> operator.call("AddNamingAuthority", Map.of("hrn", "plc", "name", "again")),
                    ErrorCode.ALREADY_EXISTS, "plc already exists");
            assertFault(() -> operator.call("AddNamingAuthority", Map.of("hrn", "ple.inria", "name", "deeper")),
                    ErrorCode.INVALID_ARGUMENT);
            assertFault(() -> operator.call("AddNamingAuthority", Map.of("hrn", "plj", "name", "Japan",
                    "person_id", registry.personId("pi@inria.fr"))), ErrorCode.INVALID_ARGUMENT, "not an operator");
            assertFault(() -> piInria.call("AddNamingAuthority", Map.of("hrn", "plj", "name", "Japan")),
                    ErrorCode.PERMISSION_DENIED);
            assertFault(() -> piInria.call("GetNamingAuthorities"), ErrorCode.PERMISSION_DENIED);
            assertFault(() -> piInria.call("SetSiteNamingAuthority", "inria", "plc"), ErrorCode.PERMISSION_DENIED);
            assertThat(rows(operator.call("GetNamingAuthorities"))).hasSize(2);

            // A site with no live slice moves back; its next slice is named under plc.
            piInria.call("DeleteSlice", "inria_demo");
            operator.call("SetSiteNamingAuthority", inria, "plc");
            piInria.call("AddSlice", Map.of("name", "inria_next"));
            assertThat(rows(operator.call("GetSlices", List.of("plc.inria.next"), List.of("hrn"))))
                    .containsExactly(Map.of("hrn", "plc.inria.next"));
        }
    }

    private static void assertFault(ThrowableAssert.ThrowingCallable call, ErrorCode code, String... fragments) {
        assertThatThrownBy(call).isInstanceOfSatisfying(PlanetLabException.class, e -> {
            assertThat(e.code()).isEqualTo(code);
            for (String fragment : fragments) {
                assertThat(e.getMessage()).contains(fragment);
            }
        });
    }
}
