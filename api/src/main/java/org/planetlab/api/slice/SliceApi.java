package org.planetlab.api.slice;

import static org.planetlab.api.method.Role.ADMIN;
import static org.planetlab.api.method.Role.NODE;
import static org.planetlab.api.method.Role.PI;
import static org.planetlab.api.method.Role.TECH;
import static org.planetlab.api.method.Role.USER;
import static org.planetlab.api.schema.Field.readOnly;
import static org.planetlab.api.schema.Field.writable;

import java.util.List;
import org.planetlab.api.name.SliceNames;
import org.planetlab.api.method.Arguments;
import org.planetlab.api.method.MethodSpec;
import org.planetlab.api.node.NodeApi;
import org.planetlab.api.person.PersonApi;
import org.planetlab.api.schema.ArrayType;
import org.planetlab.api.schema.BoolType;
import org.planetlab.api.schema.FilterType;
import org.planetlab.api.schema.IntType;
import org.planetlab.api.schema.MixedType;
import org.planetlab.api.schema.NullableType;
import org.planetlab.api.schema.StringType;
import org.planetlab.api.schema.StructType;
import org.planetlab.api.site.SiteApi;

/**
 * Slices: a slice is named {@code <login_base>_<name>} (PLCAPI's form, also the Unix login on
 * nodes) and hierarchically {@code <authority>.<login_base>.<name>}, e.g.
 * {@code plc.princeton.codeen}; both forms are accepted wherever a slice is named.
 */
public final class SliceApi {
    private SliceApi() {}

    public static final StringType SLICE_NAME = StringType.matching(SliceNames.PLCAPI_MAX_LENGTH,
            SliceNames.PLCAPI_PATTERN, SliceNames.PLCAPI_RULE);
    public static final StringType HIERARCHICAL_NAME = StringType.matching(SliceNames.HIERARCHICAL_MAX_LENGTH,
            SliceNames.HIERARCHICAL_PATTERN, SliceNames.HIERARCHICAL_RULE);
    public static final StringType ANY_SLICE_NAME = StringType.matching(SliceNames.HIERARCHICAL_MAX_LENGTH,
            SliceNames.PLCAPI_PATTERN + "|" + SliceNames.HIERARCHICAL_PATTERN, "princeton_codeen or plc.princeton.codeen");
    public static final MixedType SLICE_REF = MixedType.of(IntType.ID, ANY_SLICE_NAME);
    public static final StringType INSTANTIATION = StringType.matching(20,
            "plc-instantiated|delegated|not-instantiated|nm-controller",
            "plc-instantiated (the seed's central), delegated, not-instantiated or nm-controller: the ways the"
                    + " node agent creates slivers");
    /** Longest a non-operator may extend a slice's life, counted from now: 8 weeks. */
    public static final long MAX_RENEWAL_SECONDS = 8L * 7 * 24 * 3600;
    /** How long a new slice lives: 2 weeks. */
    public static final long DEFAULT_LIFETIME_SECONDS = 2L * 7 * 24 * 3600;

    public static final StructType SLICE = StructType.of("Slice",
            readOnly("slice_id", IntType.ID, "slice identifier; a deleted and re-created slice has a new one"),
            readOnly("site_id", IntType.ID, "the site that owns the slice (from the name's prefix)"),
            writable("name", SLICE_NAME, "name, <login_base>_<name>"),
            readOnly("hrn", HIERARCHICAL_NAME, "hierarchical name, <authority>.<login_base>.<name>"),
            writable("instantiation", INSTANTIATION, "how slivers are created"),
            readOnly("state", StringType.matching(10, "started|stopped", "started or stopped"),
                    "whether its slivers run; changed by StartSlice and StopSlice"),
            writable("url", new NullableType(SiteApi.URL), "page describing the slice"),
            writable("description", new NullableType(StringType.max(2048)), "what the slice does"),
            writable("max_nodes", IntType.NON_NEGATIVE, "most nodes the slice may be on"),
            readOnly("creator_person_id", new NullableType(IntType.ID), "who created it"),
            readOnly("created", IntType.TIMESTAMP, "when it was created"),
            writable("expires", IntType.TIMESTAMP, "when it expires; renew by setting a later time"),
            readOnly("is_deleted", BoolType.INSTANCE, "whether it was deleted (kept for audit)"),
            readOnly("node_ids", ArrayType.of(IntType.ID), "nodes it is on"),
            readOnly("person_ids", ArrayType.of(IntType.ID), "its users"),
            readOnly("slice_tag_ids", ArrayType.of(IntType.ID), "its attributes"),
            readOnly("peer_id", new NullableType(IntType.ID), "the peer the slice was pulled from (GetPeers); nil for this PLC's own"),
            readOnly("peer_slice_id", new NullableType(IntType.ID), "the peer's slice_id for it; nil for this PLC's own"));

    private static final String MEMBER_RULE = " Users may act on slices they belong to, PIs on their sites' slices.";

    public static final List<MethodSpec> METHODS = List.of(
            MethodSpec.builder("AddSlice").roles(ADMIN, PI).mutates()
                    .param("slice_fields", SLICE.writable().only("name", "instantiation", "url", "description",
                            "max_nodes").requiring("name"), "the slice")
                    .returns(IntType.ID, "the new slice_id")
                    .help("Creates a slice for the site named by the name's prefix; it expires in 2 weeks and is"
                            + " started and plc-instantiated unless said otherwise. The site must be enabled and"
                            + " below its max_slices. A PI may create slices only for their sites.")
                    .build(),
            MethodSpec.builder("GetSlices").roles(ADMIN, PI, USER, TECH, NODE)
                    .optionalParam("slice_filter", new FilterType(SLICE, "slice_id", "name"),
                            "slice_ids, names or a struct of conditions; nil for all live slices")
                    .optionalParam("return_fields", Arguments.RETURN_FIELDS, Arguments.RETURN_FIELDS_DOC)
                    .returns(ArrayType.of(SLICE), "the matching slices")
                    .help("Returns slices. Deleted slices are returned only when the filter asks for is_deleted.")
                    .build(),
            MethodSpec.builder("UpdateSlice").roles(ADMIN, PI, USER).mutates()
                    .param("slice_id_or_name", SLICE_REF, "the slice")
                    .param("slice_fields", SLICE.writable().only("instantiation", "url", "description", "max_nodes",
                            "expires"), "the fields to change")
                    .returns(Arguments.ONE, Arguments.ONE_DOC)
                    .help("Changes a slice. Renewing (a later expires) needs a description and a URL and the"
                            + " site's max_slices above 0; non-operators may renew to at most 8 weeks from now."
                            + " Only PIs and operators may change max_nodes." + MEMBER_RULE)
                    .build(),
            MethodSpec.builder("DeleteSlice").roles(ADMIN, PI, USER).mutates()
                    .param("slice_id_or_name", SLICE_REF, "the slice")
                    .returns(Arguments.ONE, Arguments.ONE_DOC)
                    .help("Deletes a slice: its slivers are removed from every node; the record is kept, marked"
                            + " deleted." + MEMBER_RULE)
                    .build(),
            MethodSpec.builder("AddPersonToSlice").roles(ADMIN, PI).mutates()
                    .param("person_id_or_email", PersonApi.PERSON_REF, "the person")
                    .param("slice_id_or_name", SLICE_REF, "the slice")
                    .returns(Arguments.ONE, Arguments.ONE_DOC)
                    .help("Makes a person a user of a slice; their keys reach its slivers. A PI may do this only"
                            + " for their sites' slices.")
                    .build(),
            MethodSpec.builder("DeletePersonFromSlice").roles(ADMIN, PI).mutates()
                    .param("person_id_or_email", PersonApi.PERSON_REF, "the person")
                    .param("slice_id_or_name", SLICE_REF, "the slice")
                    .returns(Arguments.ONE, Arguments.ONE_DOC)
                    .help("Removes a user from a slice.")
                    .build(),
            MethodSpec.builder("AddSliceToNodes").roles(ADMIN, PI, USER).mutates()
                    .param("slice_id_or_name", SLICE_REF, "the slice")
                    .param("node_id_or_hostname_list", new ArrayType(NodeApi.NODE_REF, 10_000), "the nodes")
                    .returns(Arguments.ONE, Arguments.ONE_DOC)
                    .help("Adds a slice to nodes, within its max_nodes and its site's max_slivers." + MEMBER_RULE)
                    .build(),
            MethodSpec.builder("DeleteSliceFromNodes").roles(ADMIN, PI, USER).mutates()
                    .param("slice_id_or_name", SLICE_REF, "the slice")
                    .param("node_id_or_hostname_list", new ArrayType(NodeApi.NODE_REF, 10_000), "the nodes")
                    .returns(Arguments.ONE, Arguments.ONE_DOC)
                    .help("Removes a slice from nodes." + MEMBER_RULE)
                    .build(),
            MethodSpec.builder("StartSlice").roles(ADMIN, PI, USER).mutates()
                    .param("slice_name", SLICE_REF, "the slice")
                    .returns(Arguments.ONE, Arguments.ONE_DOC)
                    .help("Starts a slice and marks it central (plc-instantiated): its slivers are created and run"
                            + " on its nodes. A slice stopped by an operator can be started only by an operator."
                            + MEMBER_RULE)
                    .build(),
            MethodSpec.builder("StopSlice").roles(ADMIN, PI, USER).mutates()
                    .param("slice_name", SLICE_REF, "the slice")
                    .optionalParam("reason", new NullableType(StringType.nonEmpty(1024)),
                            "why; recorded with who and when (GetSliceStops)")
                    .returns(Arguments.ONE, Arguments.ONE_DOC)
                    .help("Stops a slice: its slivers' processes are ended on every node, their files kept, and"
                            + " no ticket is issued for it until it is started again. Operators use it as the big"
                            + " red button." + MEMBER_RULE)
                    .build(),
            MethodSpec.builder("CreateSlice").roles(ADMIN, PI).mutates()
                    .param("slice_name", ANY_SLICE_NAME, "the new slice's name")
                    .returns(IntType.ID, "the new slice_id")
                    .help("The seed's CreateSlice: records a slice, not instantiated and stopped until StartSlice."
                            + " Same rules as AddSlice.")
                    .build(),
            MethodSpec.builder("SetSliceAttr").roles(ADMIN, PI, USER).mutates()
                    .param("slice_name", SLICE_REF, "the slice")
                    .param("attribute", StructType.of("SliceAttribute",
                                    org.planetlab.api.schema.Field.writable("name",
                                            org.planetlab.api.tag.TagTypeApi.TAGNAME, "attribute name"),
                                    org.planetlab.api.schema.Field.writable("value",
                                            StringType.max(65_536), "attribute value"),
                                    org.planetlab.api.schema.Field.writable("node",
                                            new NullableType(NodeApi.NODE_REF), "node, for a per-node override"))
                            .requiring("name", "value"), "the attribute")
                    .returns(IntType.ID, "the slice_tag_id holding the value")
                    .help("The seed's SetSliceAttr: sets an RSpec attribute of a slice (or its override on one"
                            + " node), replacing a previous value." + MEMBER_RULE)
                    .build(),
            MethodSpec.builder("AddSlicePrincipal").roles(ADMIN, PI).mutates()
                    .param("slice_name", SLICE_REF, "the slice")
                    .param("principals", new ArrayType(PersonApi.PERSON_REF, 10_000), "the persons")
                    .returns(Arguments.ONE, Arguments.ONE_DOC)
                    .help("The seed's AddSlicePrincipal: makes persons users of the slice.")
                    .build(),
            MethodSpec.builder("AddSliceNode").roles(ADMIN, PI, USER).mutates()
                    .param("slice_name", SLICE_REF, "the slice")
                    .param("nodes", new ArrayType(NodeApi.NODE_REF, 10_000), "the nodes")
                    .returns(Arguments.ONE, Arguments.ONE_DOC)
                    .help("The seed's AddSliceNode: adds the slice to nodes, as AddSliceToNodes.")
                    .build());
}
