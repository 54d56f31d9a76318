package org.planetlab.api.node;

import static org.planetlab.api.method.Role.ADMIN;
import static org.planetlab.api.method.Role.ANONYMOUS;
import static org.planetlab.api.method.Role.PI;
import static org.planetlab.api.method.Role.TECH;
import static org.planetlab.api.method.Role.USER;
import static org.planetlab.api.schema.Field.readOnly;
import static org.planetlab.api.schema.Field.writable;

import java.util.List;
import org.planetlab.api.method.Arguments;
import org.planetlab.api.method.MethodSpec;
import org.planetlab.api.method.Role;
import org.planetlab.api.schema.ArrayType;
import org.planetlab.api.schema.FilterType;
import org.planetlab.api.schema.IntType;
import org.planetlab.api.schema.MixedType;
import org.planetlab.api.schema.NullableType;
import org.planetlab.api.schema.StringType;
import org.planetlab.api.schema.StructType;
import org.planetlab.api.site.SiteApi;

/** Nodes: the machines sites contribute. */
public final class NodeApi {
    private NodeApi() {}

    public static final StringType HOSTNAME = StringType.matching(255,
            "(?i)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]([a-z0-9-]{0,61}[a-z0-9])?",
            "a fully qualified host name such as planetlab1.cs.princeton.edu");
    /** The boot states: PLCAPI's names for the seed's install, boot and debug, plus disabled. */
    public static final StringType BOOT_STATE = StringType.matching(20, "boot|safeboot|reinstall|disabled",
            "one of boot, safeboot (the seed's debug), reinstall (the seed's install), disabled: the states the boot"
                    + " manager acts on");
    public static final StringType NODE_TYPE = StringType.nonEmpty(20);
    public static final MixedType NODE_REF = MixedType.of(IntType.ID, HOSTNAME);

    public static final StructType NODE = StructType.of("Node",
            readOnly("node_id", IntType.ID, "node identifier"),
            readOnly("site_id", IntType.ID, "the site hosting the node; fixed for the node's life"),
            writable("hostname", HOSTNAME, "DNS name; unique, compared without case"),
            writable("node_type", NODE_TYPE, "node type, one of GetNodeTypes (regular unless given)"),
            writable("boot_state", BOOT_STATE, "what the node does when it next contacts PLC"),
            writable("model", new NullableType(StringType.max(255)), "hardware model"),
            writable("version", new NullableType(StringType.max(64)), "software version the node reports"),
            readOnly("key", StringType.max(256), "the node key (operators only)"),
            readOnly("date_created", IntType.TIMESTAMP, "when the node was added"),
            readOnly("last_updated", IntType.TIMESTAMP, "when the node record last changed"),
            readOnly("last_contact", new NullableType(IntType.TIMESTAMP), "when the node last called PLC"),
            readOnly("interface_ids", ArrayType.of(IntType.ID), "the node's network interfaces"),
            readOnly("slice_ids", ArrayType.of(IntType.ID), "the live slices on the node"),
            readOnly("slice_ids_whitelist", ArrayType.of(IntType.ID),
                    "the slices the node accepts (its whitelist); empty for a node open to every slice"),
            readOnly("nodegroup_ids", ArrayType.of(IntType.ID), "node groups the node belongs to"),
            readOnly("node_tag_ids", ArrayType.of(IntType.ID), "the node's tags"),
            readOnly("conf_file_ids", ArrayType.of(IntType.ID), "configuration files attached to the node"),
            readOnly("pcu_ids", ArrayType.of(IntType.ID), "power control units the node is wired to"),
            readOnly("peer_id", new NullableType(IntType.ID), "the peer the node was pulled from (GetPeers); nil for this PLC's own"),
            readOnly("peer_node_id", new NullableType(IntType.ID), "the peer's node_id for it; nil for this PLC's own"));

    public static final List<MethodSpec> METHODS = List.of(
            MethodSpec.builder("AddNode").roles(ADMIN, PI, TECH).mutates()
                    .param("site_id_or_login_base", SiteApi.SITE_REF, "the site hosting the node")
                    .param("node_fields", NODE.writable().requiring("hostname"), "the node")
                    .returns(IntType.ID, "the new node_id")
                    .help("Registers a node at a site and gives it a fresh node key. New nodes are in the"
                            + " reinstall state. PIs and techs may add nodes only to their own sites.")
                    .build(),
            MethodSpec.builder("GetNodes").roles(ADMIN, PI, USER, TECH, Role.NODE, ANONYMOUS)
                    .optionalParam("node_filter", new FilterType(NODE, "node_id", "hostname"),
                            "node_ids, hostnames or a struct of conditions; nil for all")
                    .optionalParam("return_fields", Arguments.RETURN_FIELDS, Arguments.RETURN_FIELDS_DOC)
                    .returns(ArrayType.of(NODE), "the matching nodes")
                    .help("Returns nodes. The node key is shown to operators only.")
                    .build(),
            MethodSpec.builder("GetManagedNode").roles(ADMIN, PI, USER, TECH, Role.NODE, ANONYMOUS)
                    .returns(ArrayType.of(IntType.ID), "the node_ids")
                    .help("Returns the ids of the nodes this management authority manages (every node that is"
                            + " not disabled), for users and slice authorities choosing where to deploy.")
                    .build(),
            MethodSpec.builder("UpdateNode").roles(ADMIN, PI, TECH).mutates()
                    .param("node_id_or_hostname", NODE_REF, "the node")
                    .param("node_fields", NODE.writable(), "the fields to change")
                    .returns(Arguments.ONE, Arguments.ONE_DOC)
                    .help("Changes a node, e.g. its boot state. PIs and techs may change only their sites' nodes.")
                    .build(),
            MethodSpec.builder("DeleteNode").roles(ADMIN, PI, TECH).mutates()
                    .param("node_id_or_hostname", NODE_REF, "the node")
                    .returns(Arguments.ONE, Arguments.ONE_DOC)
                    .help("Deletes a node and its interfaces and removes it from its slices; the record is kept"
                            + " for audit. PIs and techs may delete only their sites' nodes.")
                    .build(),
            MethodSpec.builder("GetBootStates").roles(ADMIN, PI, USER, TECH, Role.NODE)
                    .returns(ArrayType.of(StringType.max(20)), "the boot states")
                    .help("Returns the boot states: first those the boot manager acts on, the only ones a node can"
                            + " be put in, then any an operator added (AddBootState).")
                    .build(),
            MethodSpec.builder("GetNodeConfigFile").roles(ADMIN, PI, TECH)
                    .param("node_id_or_hostname", NODE_REF, "the node")
                    .returns(StringType.max(4096), "the text of plnode.txt")
                    .help("Returns the node's configuration file plnode.txt (node id, host name, primary"
                            + " address, MAC and node key), to be written to the node's write-protected medium."
                            + " PIs and techs may fetch it only for their sites' nodes.")
                    .build(),
            MethodSpec.builder("ResetNodeKey").roles(ADMIN, PI, TECH).mutates()
                    .param("node_id_or_hostname", NODE_REF, "the node")
                    .returns(Arguments.ONE, Arguments.ONE_DOC)
                    .help("Replaces the node key with a fresh one, e.g. after its medium was lost; the node needs"
                            + " the new plnode.txt to authenticate again.")
                    .build());
}
