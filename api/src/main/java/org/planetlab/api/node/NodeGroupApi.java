package org.planetlab.api.node;

import static org.planetlab.api.method.Role.ADMIN;
import static org.planetlab.api.method.Role.ANONYMOUS;
import static org.planetlab.api.method.Role.NODE;
import static org.planetlab.api.method.Role.PI;
import static org.planetlab.api.method.Role.TECH;
import static org.planetlab.api.method.Role.USER;
import static org.planetlab.api.schema.Field.readOnly;
import static org.planetlab.api.schema.Field.writable;

import java.util.List;
import org.planetlab.api.method.Arguments;
import org.planetlab.api.method.MethodSpec;
import org.planetlab.api.schema.ArrayType;
import org.planetlab.api.schema.FilterType;
import org.planetlab.api.schema.IntType;
import org.planetlab.api.schema.MixedType;
import org.planetlab.api.schema.StringType;
import org.planetlab.api.schema.StructType;
import org.planetlab.api.tag.TagTypeApi;

/**
 * Node tags (name/value pairs on nodes) and node groups, whose members are the nodes carrying a
 * given tag value.
 */
public final class NodeGroupApi {
    private NodeGroupApi() {}

    public static final StringType GROUPNAME = StringType.matching(50, "[A-Za-z0-9_.-]+",
            "letters, digits, '_', '.' and '-'");
    public static final MixedType NODEGROUP_REF = MixedType.of(IntType.ID, GROUPNAME);
    public static final StringType TAG_VALUE = StringType.max(65_536);

    public static final StructType NODE_TAG = StructType.of("NodeTag",
            readOnly("node_tag_id", IntType.ID, "node tag identifier"),
            readOnly("node_id", IntType.ID, "the node"),
            readOnly("hostname", NodeApi.HOSTNAME, "the node's host name"),
            readOnly("tag_type_id", IntType.ID, "the tag type"),
            readOnly("tagname", TagTypeApi.TAGNAME, "the tag type's name"),
            writable("value", TAG_VALUE, "the value"));

    public static final StructType NODE_GROUP = StructType.of("NodeGroup",
            readOnly("nodegroup_id", IntType.ID, "node group identifier"),
            writable("groupname", GROUPNAME, "name; unique"),
            readOnly("tag_type_id", IntType.ID, "the tag type that defines membership"),
            readOnly("tagname", TagTypeApi.TAGNAME, "its name"),
            writable("value", TAG_VALUE, "nodes whose tag has this value are members"),
            readOnly("node_ids", ArrayType.of(IntType.ID), "the member nodes"),
            readOnly("conf_file_ids", ArrayType.of(IntType.ID), "configuration files attached to the group"));

    public static final List<MethodSpec> METHODS = List.of(
            MethodSpec.builder("AddNodeTag").roles(ADMIN, PI, TECH, NODE).mutates()
                    .param("node_id_or_hostname", NodeApi.NODE_REF, "the node")
                    .param("tag_type_id_or_name", TagTypeApi.TAG_TYPE_REF, "the tag type")
                    .param("value", TAG_VALUE, "the value")
                    .returns(IntType.ID, "the new node_tag_id")
                    .help("Sets a tag on a node. PIs and techs may tag their sites' nodes, a node itself, if the"
                            + " tag type's min_role_id allows their role.")
                    .build(),
            MethodSpec.builder("GetNodeTags").roles(ADMIN, PI, USER, TECH, NODE)
                    .optionalParam("node_tag_filter", new FilterType(NODE_TAG, "node_tag_id", null),
                            "node_tag_ids or a struct of conditions; nil for all")
                    .optionalParam("return_fields", Arguments.RETURN_FIELDS, Arguments.RETURN_FIELDS_DOC)
                    .returns(ArrayType.of(NODE_TAG), "the matching node tags")
                    .help("Returns node tags.")
                    .build(),
            MethodSpec.builder("UpdateNodeTag").roles(ADMIN, PI, TECH, NODE).mutates()
                    .param("node_tag_id", IntType.ID, "the node tag")
                    .param("value", TAG_VALUE, "the new value")
                    .returns(Arguments.ONE, Arguments.ONE_DOC)
                    .help("Changes a node tag's value, with the same rights as AddNodeTag.")
                    .build(),
            MethodSpec.builder("DeleteNodeTag").roles(ADMIN, PI, TECH, NODE).mutates()
                    .param("node_tag_id", IntType.ID, "the node tag")
                    .returns(Arguments.ONE, Arguments.ONE_DOC)
                    .help("Deletes a node tag, with the same rights as AddNodeTag.")
                    .build(),
            MethodSpec.builder("AddNodeGroup").roles(ADMIN).mutates()
                    .param("groupname", GROUPNAME, "the group's name")
                    .param("tag_type_id_or_name", TagTypeApi.TAG_TYPE_REF, "the tag type defining membership")
                    .param("value", TAG_VALUE, "the tag value of members")
                    .returns(IntType.ID, "the new nodegroup_id")
                    .help("Adds a node group: the nodes whose tag of the given type has the given value.")
                    .build(),
            MethodSpec.builder("GetNodeGroups").roles(ADMIN, PI, USER, TECH, NODE, ANONYMOUS)
                    .optionalParam("nodegroup_filter", new FilterType(NODE_GROUP, "nodegroup_id", "groupname"),
                            "nodegroup_ids, groupnames or a struct of conditions; nil for all")
                    .optionalParam("return_fields", Arguments.RETURN_FIELDS, Arguments.RETURN_FIELDS_DOC)
                    .returns(ArrayType.of(NODE_GROUP), "the matching node groups")
                    .help("Returns node groups.")
                    .build(),
            MethodSpec.builder("UpdateNodeGroup").roles(ADMIN).mutates()
                    .param("nodegroup_id_or_name", NODEGROUP_REF, "the group")
                    .param("nodegroup_fields", NODE_GROUP.writable(), "the fields to change")
                    .returns(Arguments.ONE, Arguments.ONE_DOC)
                    .help("Renames a node group or changes the tag value of its members.")
                    .build(),
            MethodSpec.builder("DeleteNodeGroup").roles(ADMIN).mutates()
                    .param("nodegroup_id_or_name", NODEGROUP_REF, "the group")
                    .returns(Arguments.ONE, Arguments.ONE_DOC)
                    .help("Deletes a node group and the slice attributes and files attached to it.")
                    .build());
}
