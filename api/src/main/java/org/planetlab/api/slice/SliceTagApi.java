package org.planetlab.api.slice;

import static org.planetlab.api.method.Role.ADMIN;
import static org.planetlab.api.method.Role.NODE;
import static org.planetlab.api.method.Role.PI;
import static org.planetlab.api.method.Role.TECH;
import static org.planetlab.api.method.Role.USER;
import static org.planetlab.api.schema.Field.readOnly;
import static org.planetlab.api.schema.Field.writable;

import java.util.List;
import org.planetlab.api.method.Arguments;
import org.planetlab.api.method.MethodSpec;
import org.planetlab.api.node.NodeApi;
import org.planetlab.api.node.NodeGroupApi;
import org.planetlab.api.schema.ArrayType;
import org.planetlab.api.schema.FilterType;
import org.planetlab.api.schema.IntType;
import org.planetlab.api.schema.NullableType;
import org.planetlab.api.schema.StringType;
import org.planetlab.api.schema.StructType;
import org.planetlab.api.tag.TagTypeApi;

/**
 * Slice attributes (PLCAPI's slice tags): values of tag types for a slice, for the slice as a
 * whole, for one node group or for one node (a per-node override).
 */
public final class SliceTagApi {
    private SliceTagApi() {}

    public static final StringType VALUE = StringType.max(65_536);

    public static final StructType SLICE_TAG = StructType.of("SliceTag",
            readOnly("slice_tag_id", IntType.ID, "slice attribute identifier"),
            readOnly("slice_id", IntType.ID, "the slice"),
            readOnly("name", SliceApi.SLICE_NAME, "the slice's name"),
            readOnly("node_id", new NullableType(IntType.ID), "the node, for a per-node value"),
            readOnly("nodegroup_id", new NullableType(IntType.ID), "the node group, for a per-group value"),
            readOnly("tag_type_id", IntType.ID, "the tag type"),
            readOnly("tagname", TagTypeApi.TAGNAME, "the tag type's name"),
            readOnly("description", StringType.max(254), "the tag type's description"),
            readOnly("category", StringType.max(64), "the tag type's category"),
            readOnly("min_role_id", TagTypeApi.MIN_ROLE_ID, "least privileged role that may set it"),
            writable("value", VALUE, "the value"));

    private static final String RULE = " Setting a value needs the tag type's min_role_id: users may set it on"
            + " slices they belong to, PIs on their sites' slices, a node on its own slivers (per-node values only).";

    public static final List<MethodSpec> METHODS = List.of(
            MethodSpec.builder("AddSliceTag").roles(ADMIN, PI, USER, NODE).mutates()
                    .param("slice_id_or_name", SliceApi.SLICE_REF, "the slice")
                    .param("tag_type_id_or_name", TagTypeApi.TAG_TYPE_REF, "the attribute")
                    .param("value", VALUE, "the value; RSpec attributes are checked against their unit")
                    .optionalParam("node_id_or_hostname", new NullableType(NodeApi.NODE_REF),
                            "a node, for a per-node override")
                    .optionalParam("nodegroup_id_or_name", new NullableType(NodeGroupApi.NODEGROUP_REF),
                            "a node group, for a per-group value")
                    .returns(IntType.ID, "the new slice_tag_id")
                    .help("Sets an attribute of a slice." + RULE)
                    .build(),
            MethodSpec.builder("GetSliceTags").roles(ADMIN, PI, USER, TECH, NODE)
                    .optionalParam("slice_tag_filter", new FilterType(SLICE_TAG, "slice_tag_id", null),
                            "slice_tag_ids or a struct of conditions; nil for all")
                    .optionalParam("return_fields", Arguments.RETURN_FIELDS, Arguments.RETURN_FIELDS_DOC)
                    .returns(ArrayType.of(SLICE_TAG), "the matching slice attributes")
                    .help("Returns slice attributes of live slices.")
                    .build(),
            MethodSpec.builder("UpdateSliceTag").roles(ADMIN, PI, USER, NODE).mutates()
                    .param("slice_tag_id", IntType.ID, "the attribute")
                    .param("value", VALUE, "the new value")
                    .returns(Arguments.ONE, Arguments.ONE_DOC)
                    .help("Changes a slice attribute's value." + RULE)
                    .build(),
            MethodSpec.builder("DeleteSliceTag").roles(ADMIN, PI, USER, NODE).mutates()
                    .param("slice_tag_id", IntType.ID, "the attribute")
                    .returns(Arguments.ONE, Arguments.ONE_DOC)
                    .help("Deletes a slice attribute; the default applies again." + RULE)
                    .build());
}
