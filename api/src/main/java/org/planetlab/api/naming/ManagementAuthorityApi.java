package org.planetlab.api.naming;

import static org.planetlab.api.method.Role.ADMIN;
import static org.planetlab.api.schema.Field.readOnly;
import static org.planetlab.api.schema.Field.writable;

import java.util.List;
import org.planetlab.api.method.Arguments;
import org.planetlab.api.method.MethodSpec;
import org.planetlab.api.node.NodeApi;
import org.planetlab.api.schema.ArrayType;
import org.planetlab.api.schema.BoolType;
import org.planetlab.api.schema.FilterType;
import org.planetlab.api.schema.IntType;
import org.planetlab.api.schema.MixedType;
import org.planetlab.api.schema.NullableType;
import org.planetlab.api.schema.StringType;
import org.planetlab.api.schema.StructType;

/**
 * Management authorities (Architecture §2.4): the owners of nodes, grouped, each with the persons
 * who answer for its nodes; PLC's own holds every node not put under another. Which slice
 * authority's slices may run on which MA's nodes, and how many slivers they may hold there, is an
 * authority policy, one per (slice authority, MA).
 */
public final class ManagementAuthorityApi {
    private ManagementAuthorityApi() {}

    public static final MixedType AUTHORITY_REF = MixedType.of(IntType.ID, NamingAuthorityApi.ANY_HRN);

    public static final StructType MANAGEMENT_AUTHORITY = StructType.of("ManagementAuthority",
            readOnly("management_authority_id", IntType.ID, "management authority identifier"),
            writable("hrn", NamingAuthorityApi.HRN, "the authority's name, e.g. ple"),
            writable("name", StringType.nonEmpty(254), "who the authority is, e.g. PlanetLab Europe"),
            writable("person_ids", ArrayType.of(IntType.ID), "the persons who answer for its nodes"),
            readOnly("is_own", BoolType.INSTANCE, "whether it is PLC's own management authority"),
            readOnly("date_created", IntType.TIMESTAMP, "when it was added"),
            readOnly("node_ids", ArrayType.of(IntType.ID), "the nodes it manages"));

    public static final StructType AUTHORITY_POLICY = StructType.of("AuthorityPolicy",
            readOnly("authority_policy_id", IntType.ID, "authority policy identifier"),
            writable("slice_authority", StringType.nonEmpty(64),
                    "whose slices: a naming authority of this PLC (ple) or a peer's (its hrn_root, else its peername)"),
            writable("management_authority_id", IntType.ID, "on whose nodes"),
            writable("nodegroup_ids", ArrayType.of(IntType.ID),
                    "the node groups the slices may use; empty for any node of the authority"),
            writable("max_slivers", new NullableType(IntType.NON_NEGATIVE),
                    "the most slivers the slice authority's slices may hold on the authority's nodes; nil for no limit"),
            readOnly("policy_file", new NullableType(StringType.max(255)),
                    "the foreign authority's trusted_roots/<name>.policy it was read from at start; nil when added here"),
            readOnly("date_created", IntType.TIMESTAMP, "when it was added"));

    private static final String RULE = " A slice of slice authority A may be added to a node of management authority M when"
            + " a policy for (A, M) allows the node (in one of its node groups, if it names any) and A's slices stay within"
            + " its max_slivers on M's nodes; without a policy only when M is A's own (the same hrn) or PLC's own, whose"
            + " nodes run every slice as before (docs/federation.md).";

    public static final List<MethodSpec> METHODS = List.of(
            MethodSpec.builder("AddManagementAuthority").roles(ADMIN).mutates()
                    .param("authority_fields", MANAGEMENT_AUTHORITY.writable().requiring("hrn", "name"), "the authority")
                    .returns(IntType.ID, "the new management_authority_id")
                    .help("Adds a management authority, a group of node owners; SetNodeManagementAuthority puts nodes"
                            + " under it." + RULE)
                    .build(),
            MethodSpec.builder("GetManagementAuthorities").roles(ADMIN)
                    .optionalParam("authority_filter", new FilterType(MANAGEMENT_AUTHORITY, "management_authority_id", "hrn"),
                            "management_authority_ids, hrns or a struct of conditions; nil for all")
                    .optionalParam("return_fields", Arguments.RETURN_FIELDS, Arguments.RETURN_FIELDS_DOC)
                    .returns(ArrayType.of(MANAGEMENT_AUTHORITY), "the matching management authorities")
                    .help("Returns the management authorities of this PLC, its own first, with their nodes.")
                    .build(),
            MethodSpec.builder("UpdateManagementAuthority").roles(ADMIN).mutates()
                    .param("authority_id_or_hrn", AUTHORITY_REF, "the management authority")
                    .param("authority_fields", StructType.of("ManagementAuthorityUpdate",
                            writable("name", StringType.nonEmpty(254), "who the authority is"),
                            writable("person_ids", ArrayType.of(IntType.ID), "the persons who answer for its nodes")),
                            "the fields to change")
                    .returns(Arguments.ONE, Arguments.ONE_DOC)
                    .help("Changes a management authority's name or the persons who answer for it.")
                    .build(),
            MethodSpec.builder("DeleteManagementAuthority").roles(ADMIN).mutates()
                    .param("authority_id_or_hrn", AUTHORITY_REF, "the management authority")
                    .returns(Arguments.ONE, Arguments.ONE_DOC)
                    .help("Deletes a management authority that manages no node and no policy names; PLC's own stays.")
                    .build(),
            MethodSpec.builder("SetNodeManagementAuthority").roles(ADMIN).mutates()
                    .param("node_id_or_hostname", NodeApi.NODE_REF, "the node")
                    .param("authority_id_or_hrn", AUTHORITY_REF, "the management authority")
                    .returns(Arguments.ONE, Arguments.ONE_DOC)
                    .help("Puts a node of this PLC under a management authority. Slices already on it stay; the"
                            + " policy applies to the slices added to it afterwards.")
                    .build(),
            MethodSpec.builder("AddAuthorityPolicy").roles(ADMIN).mutates()
                    .param("policy_fields", AUTHORITY_POLICY.writable().requiring("slice_authority",
                            "management_authority_id"), "the policy")
                    .returns(IntType.ID, "the new authority_policy_id")
                    .help("Lets the slices of a slice authority run on a management authority's nodes, within node"
                            + " groups and a number of slivers." + RULE)
                    .build(),
            MethodSpec.builder("GetAuthorityPolicies").roles(ADMIN)
                    .optionalParam("policy_filter", new FilterType(AUTHORITY_POLICY, "authority_policy_id", null),
                            "authority_policy_ids or a struct of conditions; nil for all")
                    .optionalParam("return_fields", Arguments.RETURN_FIELDS, Arguments.RETURN_FIELDS_DOC)
                    .returns(ArrayType.of(AUTHORITY_POLICY), "the matching policies")
                    .help("Returns the authority policies: those added here and those read from foreign authorities'"
                            + " trusted_roots/<name>.policy files (policy_file), which only their files change.")
                    .build(),
            MethodSpec.builder("UpdateAuthorityPolicy").roles(ADMIN).mutates()
                    .param("authority_policy_id", IntType.ID, "the policy")
                    .param("policy_fields", StructType.of("AuthorityPolicyUpdate",
                            writable("nodegroup_ids", ArrayType.of(IntType.ID), "the node groups allowed; empty for any"),
                            writable("max_slivers", new NullableType(IntType.NON_NEGATIVE), "the most slivers; nil for no limit")),
                            "the fields to change")
                    .returns(Arguments.ONE, Arguments.ONE_DOC)
                    .help("Changes a policy's node groups or max_slivers; slivers already made stay.")
                    .build(),
            MethodSpec.builder("DeleteAuthorityPolicy").roles(ADMIN).mutates()
                    .param("authority_policy_id", IntType.ID, "the policy")
                    .returns(Arguments.ONE, Arguments.ONE_DOC)
                    .help("Deletes a policy; the pair falls back to the rule without one. Slivers already made stay.")
                    .build());
}
