package org.planetlab.plc.naming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.planetlab.plc.testing.Registry.rows;

import java.util.HashMap;
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
 * Two management authorities in one PLC, on both stores, over the wire: PLC's own (plc) and ple,
 * which manages inria's nodes. A slice of PLC's own slice authority goes onto ple's nodes only as
 * an authority policy for (plc, ple) allows: refused without one, naming the rule; accepted within
 * its node groups and max_slivers; refused past them. Only operators manage authorities and
 * policies; bad input is refused and changes nothing.
 */
class AuthorityPoliciesTest {
    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void slicesGoOntoAnotherManagementAuthoritysNodesOnlyAsItsPolicyAllows(StoreKind store) {
        try (TestingPlc testing = TestingPlc.start(store)) {
            PlcClient operator = testing.operator(PlcClient.Encoding.XML_RPC);
            Registry registry = new Registry(operator);
            long princeton = registry.site("princeton");
            long inria = registry.site("inria");
            PlcClient piInria = testing.client(registry.person("pi@inria.fr", "pi", inria), PlcClient.Encoding.JSON);
            long piId = registry.personId("pi@inria.fr");
            long home = registry.node(princeton, "node1.princeton.edu", "10.0.0.4");
            long rack1 = registry.node(inria, "node1.inria.fr", "10.0.0.5");
            long rack2 = registry.node(inria, "node2.inria.fr", "10.0.0.6");
            long rack3 = registry.node(inria, "node3.inria.fr", "10.0.0.7");
            operator.call("AddTagType", Map.of("tagname", "rack", "min_role_id", 10L));
            long shared = (Long) operator.call("AddNodeGroup", "inria-shared", "rack", "shared");
            operator.call("AddNodeTag", rack2, "rack", "shared");
            operator.call("AddNodeTag", rack3, "rack", "shared");

            long ple = (Long) operator.call("AddManagementAuthority",
                    Map.of("hrn", "ple", "name", "PlanetLab Europe", "person_ids", List.of(piId)));
            for (long node : List.of(rack1, rack2, rack3)) {
                assertThat(operator.call("SetNodeManagementAuthority", node, "ple")).isEqualTo(1L);
            }
            List<Map<String, Object>> authorities = rows(operator.call("GetManagementAuthorities"));
            assertThat(authorities).extracting(row -> row.get("hrn")).containsExactly("plc", "ple");
            assertThat(authorities.getFirst()).containsEntry("is_own", true).containsEntry("node_ids", List.of(home));
            assertThat(authorities.get(1)).containsEntry("management_authority_id", ple).containsEntry("is_own", false)
                    .containsEntry("person_ids", List.of(piId)).containsEntry("node_ids", List.of(rack1, rack2, rack3));

            operator.call("AddSlice", Map.of("name", "princeton_codeen"));
            operator.call("AddSlice", Map.of("name", "princeton_other"));
            // PLC's own nodes run every slice, as before.
            operator.call("AddSliceToNodes", "princeton_codeen", List.of(home));

            // Across management authorities, no policy: refused naming the rule, nothing changed.
            assertFault(() -> operator.call("AddSliceToNodes", "princeton_codeen", List.of(rack2)),
                    ErrorCode.PERMISSION_DENIED, "slice princeton_codeen is of slice authority plc and node node2.inria.fr"
                            + " of management authority ple; no authority policy lets plc's slices run on ple's nodes");
            assertThat(nodesOf(operator, "princeton_codeen")).containsExactly(home);

            // A policy: only the shared racks, at most two slivers of plc's slices on ple's nodes.
            Map<String, Object> policy = new HashMap<>(Map.of("slice_authority", "plc", "management_authority_id", ple,
                    "nodegroup_ids", List.of(shared), "max_slivers", 2L));
            long policyId = (Long) operator.call("AddAuthorityPolicy", policy);
            assertThat(rows(operator.call("GetAuthorityPolicies", null, List.of("authority_policy_id", "slice_authority",
                    "management_authority_id", "nodegroup_ids", "max_slivers")))).containsExactly(Map.of("authority_policy_id",
                    policyId, "slice_authority", "plc", "management_authority_id", ple, "nodegroup_ids", List.of(shared),
                    "max_slivers", 2L));
            operator.call("AddSliceToNodes", "princeton_codeen", List.of(rack2));
            assertFault(() -> operator.call("AddSliceToNodes", "princeton_other", List.of(rack1)),
                    ErrorCode.PERMISSION_DENIED, "allows only the node groups [inria-shared], and node node1.inria.fr is in none");
            operator.call("AddSliceToNodes", "princeton_other", List.of(rack3));
            // Adding a slice to a node it is already on counts it once.
            operator.call("AddSliceToNodes", "princeton_other", List.of(rack3));
            assertFault(() -> operator.call("AddSliceToNodes", "princeton_other", List.of(rack2)),
                    ErrorCode.QUOTA_EXCEEDED, "would give slice authority plc's slices 3 slivers on the nodes of"
                            + " management authority ple; the policy for them (authority_policy_id " + policyId + ") allows at most 2");
            assertThat(nodesOf(operator, "princeton_other")).containsExactly(rack3);
            // ple's own slices (inria is under ple as a naming authority too) run on ple's nodes without a policy.
            operator.call("AddNamingAuthority", Map.of("hrn", "ple", "name", "PlanetLab Europe"));
            operator.call("SetSiteNamingAuthority", "inria", "ple");
            piInria.call("AddSlice", Map.of("name", "inria_demo"));
            piInria.call("AddSliceToNodes", "inria_demo", List.of(rack1, rack2));
            assertThat(nodesOf(operator, "inria_demo")).containsExactly(rack1, rack2);

            // Raising the limit lets the slice on.
            assertThat(operator.call("UpdateAuthorityPolicy", policyId, Map.of("max_slivers", 3L))).isEqualTo(1L);
            operator.call("AddSliceToNodes", "princeton_other", List.of(rack2));

            // Bad input is refused, naming the problem, and changes nothing.
            assertFault(() -> operator.call("AddManagementAuthority", Map.of("hrn", "ple", "name", "again")),
                    ErrorCode.ALREADY_EXISTS, "ple already exists");
            assertFault(() -> operator.call("AddManagementAuthority", Map.of("hrn", "pla", "name", "x",
                    "person_ids", List.of(99999L))), ErrorCode.INVALID_ARGUMENT, "no person with person_id 99999");
            assertFault(() -> operator.call("AddAuthorityPolicy", Map.of("slice_authority", "nowhere",
                    "management_authority_id", ple)), ErrorCode.INVALID_ARGUMENT, "slice authority \"nowhere\" is neither");
            assertFault(() -> operator.call("AddAuthorityPolicy", Map.of("slice_authority", "plc",
                    "management_authority_id", ple)), ErrorCode.ALREADY_EXISTS, "authority_policy_id " + policyId);
            assertFault(() -> operator.call("UpdateAuthorityPolicy", policyId, Map.of("nodegroup_ids", List.of(99999L))),
                    ErrorCode.INVALID_ARGUMENT, "no node group with nodegroup_id 99999");
            assertFault(() -> operator.call("DeleteManagementAuthority", "ple"), ErrorCode.IN_USE,
                    "manages nodes [node1.inria.fr, node2.inria.fr, node3.inria.fr]");
            assertFault(() -> operator.call("DeleteManagementAuthority", "plc"), ErrorCode.INVALID_ARGUMENT, "PLC's own");
            assertFault(() -> operator.call("DeleteNodeGroup", shared), ErrorCode.IN_USE,
                    "named by the authority policies [" + policyId + "]");
            assertFault(() -> operator.call("SetNodeManagementAuthority", home, "nowhere"), ErrorCode.NOT_FOUND,
                    "no management authority \"nowhere\"");
            assertThat(rows(operator.call("GetAuthorityPolicies", policyId, List.of("nodegroup_ids", "max_slivers"))))
                    .containsExactly(Map.of("nodegroup_ids", List.of(shared), "max_slivers", 3L));
            assertThat(rows(operator.call("GetManagementAuthorities"))).hasSize(2);
            // Operators only.
            assertFault(() -> piInria.call("AddManagementAuthority", Map.of("hrn", "pla", "name", "x")),
                    ErrorCode.PERMISSION_DENIED);
            assertFault(() -> piInria.call("AddAuthorityPolicy", Map.of("slice_authority", "ple",
                    "management_authority_id", ple)), ErrorCode.PERMISSION_DENIED);
            assertFault(() -> piInria.call("GetAuthorityPolicies"), ErrorCode.PERMISSION_DENIED);

            // Without its policy, plc's slices may no longer be added to ple's nodes; those on them stay.
            assertThat(operator.call("DeleteAuthorityPolicy", policyId)).isEqualTo(1L);
            operator.call("AddSlice", Map.of("name", "princeton_third"));
            assertFault(() -> operator.call("AddSliceToNodes", "princeton_third", List.of(rack3)),
                    ErrorCode.PERMISSION_DENIED, "no authority policy lets plc's slices run on ple's nodes");
            assertThat(nodesOf(operator, "princeton_other")).containsExactlyInAnyOrder(rack2, rack3);
            // A node moved back under PLC's own authority runs it.
            operator.call("SetNodeManagementAuthority", rack3, "plc");
            operator.call("AddSliceToNodes", "princeton_third", List.of(rack3));
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Long> nodesOf(PlcClient operator, String slice) {
        return (List<Long>) rows(operator.call("GetSlices", List.of(slice), List.of("node_ids"))).getFirst().get("node_ids");
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
