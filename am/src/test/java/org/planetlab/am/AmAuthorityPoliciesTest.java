package org.planetlab.am;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.planetlab.am.gid.GeniAuthority;
import org.planetlab.am.testing.AmClient;
import org.planetlab.am.testing.AmTestbed;
import org.planetlab.am.urn.Urn;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.plc.auth.Caller;
import org.planetlab.plc.naming.ManagementAuthorityService;
import org.planetlab.plc.node.NewNodeGroup;
import org.planetlab.plc.slice.SliceRef;
import org.planetlab.plc.tag.NewTagType;
import org.planetlab.plc.tag.TagTypeRef;
import org.planetlab.plc.testing.StoreKind;

/**
 * The aggregate places slices by the same authority policy as AddSliceToNodes: a slice of PLC's
 * authority is refused on a node of another management authority without a policy (FORBIDDEN,
 * naming the rule) at Allocate, and past the policy's max_slivers (TOOBIG) at Allocate and at
 * Provision; a foreign authority's trusted_roots/<name>.policy becomes its policy row at start.
 */
class AmAuthorityPoliciesTest {
    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void allocateAndProvisionFollowTheManagementAuthoritysPolicy(StoreKind kind) throws Exception {
        try (AmTestbed testbed = AmTestbed.start(kind)) {
            ManagementAuthorityService authorities = new ManagementAuthorityService(testbed.plc().mutations());
            long pla = testbed.plc().mutations().run(Caller.INTERNAL, "AddManagementAuthority", List.of("pla"),
                    mutation -> authorities.addManagementAuthority(mutation, Map.of("hrn", "pla", "name", "Another MA")));
            run(testbed, mutation -> authorities.setNodeManagementAuthority(mutation, AmTestbed.NODE_2, "pla"));
            AmTestbed.TestUser alice = testbed.user("alice");
            AmClient client = testbed.client(alice);
            List<Object> codeen = List.of(AmTestbed.sfa(testbed.sliceCredential(alice, "codeen")));
            List<Object> other = List.of(AmTestbed.sfa(testbed.sliceCredential(alice, "other")));

            AmClient.Result refused = client.call("Allocate", AmTestbed.sliceUrn("codeen").toString(), codeen,
                    request(AmTestbed.NODE_2), Map.of());
            assertThat(refused.geniCode()).as(refused.toString()).isEqualTo(3);
            assertThat(refused.output()).contains("slice princeton_codeen is of slice authority plc and node "
                    + AmTestbed.NODE_2 + " of management authority pla; no authority policy lets plc's slices run on pla's nodes");
            assertThat(testbed.plc().slices().slice(Caller.INTERNAL, SliceRef.of("princeton_codeen"))).isEmpty();
            // PLC's own nodes take it.
            assertThat(client.call("Allocate", AmTestbed.sliceUrn("other").toString(), other, request(AmTestbed.NODE_1),
                    Map.of()).geniCode()).isZero();

            Map<String, Object> policy = new HashMap<>(Map.of("slice_authority", "plc", "management_authority_id", pla,
                    "max_slivers", 2L));
            long policyId = testbed.plc().mutations().run(Caller.INTERNAL, "AddAuthorityPolicy", List.of(),
                    mutation -> authorities.addAuthorityPolicy(mutation, policy));
            AmClient.Result allocated = client.call("Allocate", AmTestbed.sliceUrn("codeen").toString(), codeen,
                    request(AmTestbed.NODE_2), Map.of());
            assertThat(allocated.geniCode()).as(allocated.toString()).isZero();
            assertThat(client.call("Provision", List.of(AmTestbed.sliceUrn("codeen").toString()), codeen, Map.of())
                    .geniCode()).isZero();
            assertThat(client.call("Allocate", AmTestbed.sliceUrn("other").toString(), other, request(AmTestbed.NODE_2),
                    Map.of()).geniCode()).isZero();
            // The limit lowered between Allocate and Provision: Provision is refused with the AM API's TOOBIG.
            run(testbed, mutation -> authorities.updateAuthorityPolicy(mutation, policyId, Map.of("max_slivers", 1L)));
            AmClient.Result tooMany = client.call("Provision", List.of(AmTestbed.sliceUrn("other").toString()), other, Map.of());
            assertThat(tooMany.geniCode()).as(tooMany.toString()).isEqualTo(6);
            assertThat(tooMany.output()).contains("would give slice authority plc's slices 2 slivers on the nodes of"
                    + " management authority pla; the policy for them (authority_policy_id " + policyId + ") allows at most 1");
            List<Long> otherNodes = testbed.plc().database().read(handle -> handle.createQuery("SELECT sn.node_id FROM"
                    + " slice_nodes sn JOIN slices s ON s.slice_id = sn.slice_id WHERE s.name = 'princeton_other'")
                    .mapTo(Long.class).list());
            assertThat(otherNodes).isEmpty();
        }
    }

    @Test
    void aForeignAuthoritysPolicyFileBecomesItsPolicyOnPlcsNodes(@TempDir Path directory) throws Exception {
        Clock clock = Clock.systemUTC();
        SecureRandom random = new SecureRandom();
        GeniAuthority.openOrCreate(directory.resolve("pla"), new Urn("pla", "authority", "sa"), clock, random);
        Path geni = directory.resolve("geni");
        Path roots = Files.createDirectories(geni.resolve("trusted_roots"));
        Files.copy(directory.resolve("pla").resolve("sa.gid.pem"), roots.resolve("pla.pem"));
        Files.writeString(roots.resolve("pla.policy"), "accept-rsa-sha1=true\nnode-groups=shared, lab\nmax-slivers=10\n");
        GeniAuthority authority = GeniAuthority.openOrCreate(geni, new Urn("plc", "authority", "sa"), clock, random);
        assertThat(authority.placements()).containsExactly(new ManagementAuthorityService.FilePolicy("pla",
                "trusted_roots/pla.policy", List.of("shared", "lab"), java.util.Optional.of(10L)));

        try (AmTestbed testbed = AmTestbed.start(StoreKind.SQLITE)) {
            // A node group the file names must exist: PLC stops at start, naming the file.
            assertThatThrownBy(() -> testbed.plc().database().write(handle -> {
                ManagementAuthorityService.replaceFilePolicies(handle, authority.placements(), 0);
                return null;
            })).isInstanceOf(PlanetLabException.class).hasMessageContaining("trusted_roots/pla.policy: node-groups names \"shared\"");
            // With the groups, the file's policy is the row of (pla, PLC's own MA), which only the file changes.
            testbed.plc().tagTypes().addTagType(Caller.INTERNAL, new NewTagType("rack", java.util.Optional.empty(),
                    java.util.Optional.empty(), java.util.OptionalLong.empty()));
            for (String group : List.of("shared", "lab")) {
                testbed.plc().nodeGroups().addNodeGroup(Caller.INTERNAL, new NewNodeGroup(group, TagTypeRef.of("rack"), group));
            }
            for (int start = 0; start < 2; start++) {
                testbed.plc().database().write(handle -> {
                    ManagementAuthorityService.replaceFilePolicies(handle, authority.placements(), 0);
                    return null;
                });
            }
            List<Map<String, Object>> rows = testbed.plc().database().read(handle -> handle.createQuery("SELECT p.slice_authority,"
                    + " p.max_slivers, p.policy_file, m.is_own, (SELECT COUNT(*) FROM authority_policy_nodegroups g WHERE"
                    + " g.authority_policy_id = p.authority_policy_id) AS groups FROM authority_policies p JOIN"
                    + " management_authorities m ON m.management_authority_id = p.management_authority_id").mapToMap().list());
            assertThat(rows).hasSize(1);
            assertThat(rows.getFirst().get("slice_authority")).isEqualTo("pla");
            assertThat(((Number) rows.getFirst().get("max_slivers")).longValue()).isEqualTo(10L);
            assertThat(rows.getFirst().get("policy_file")).isEqualTo("trusted_roots/pla.policy");
            assertThat(((Number) rows.getFirst().get("groups")).longValue()).isEqualTo(2L);
            long id = testbed.plc().database().read(handle -> handle.createQuery("SELECT authority_policy_id FROM"
                    + " authority_policies").mapTo(Long.class).one());
            ManagementAuthorityService authorities = new ManagementAuthorityService(testbed.plc().mutations());
            assertThatThrownBy(() -> run(testbed, mutation -> authorities.deleteAuthorityPolicy(mutation, id)))
                    .hasMessageContaining("is read from trusted_roots/pla.policy at start; change that file instead");
            // A file removed takes its row with it at the next start.
            testbed.plc().database().write(handle -> {
                ManagementAuthorityService.replaceFilePolicies(handle, List.of(), 0);
                return null;
            });
            long left = testbed.plc().database().read(handle -> handle.createQuery("SELECT COUNT(*) FROM authority_policies")
                    .mapTo(Long.class).one());
            assertThat(left).isZero();
        }

        Files.writeString(roots.resolve("pla.policy"), "max-slivers=many\n");
        assertThatThrownBy(() -> GeniAuthority.openOrCreate(geni, new Urn("plc", "authority", "sa"), clock, random))
                .hasMessageContaining("pla.policy: max-slivers is \"many\"");
        Files.writeString(roots.resolve("pla.policy"), "max-sliver=3\n");
        assertThatThrownBy(() -> GeniAuthority.openOrCreate(geni, new Urn("plc", "authority", "sa"), clock, random))
                .hasMessageContaining("unknown key max-sliver");
        Files.delete(roots.resolve("pla.policy"));
        // PLC's own authority's slices are placed by the policies of PLCAPI, not by sa.policy.
        Files.writeString(geni.resolve("sa.policy"), "max-slivers=3\n");
        assertThatThrownBy(() -> GeniAuthority.openOrCreate(geni, new Urn("plc", "authority", "sa"), clock, random))
                .hasMessageContaining("unknown key max-slivers").hasMessageContaining("AddAuthorityPolicy");
    }

    private static void run(AmTestbed testbed, java.util.function.Consumer<org.planetlab.plc.mutation.Mutation> change) {
        testbed.plc().mutations().run(Caller.INTERNAL, "Change", List.of(), mutation -> {
            change.accept(mutation);
            return null;
        });
    }

    private static String request(String hostname) {
        return "<rspec type=\"request\" xmlns=\"http://www.geni.net/resources/rspec/3\"><node client_id=\"n0\" component_id=\""
                + "urn:publicid:IDN+plc:princeton+node+" + hostname + "\" exclusive=\"false\"/></rspec>";
    }
}
