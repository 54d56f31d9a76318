package org.planetlab.api.sliver;

import static org.planetlab.api.method.Role.ADMIN;
import static org.planetlab.api.method.Role.NODE;

import java.util.List;
import org.planetlab.api.method.MethodSpec;
import org.planetlab.api.node.NodeApi;
import org.planetlab.api.schema.AnyType;
import org.planetlab.api.schema.IntType;
import org.planetlab.api.schema.NullableType;
import org.planetlab.api.schema.StringType;

/** The per-node view of everything a node must run. */
public final class SliverApi {
    private SliverApi() {}

    /** The method's name, for callers: nodes and tools. */
    public static final String GET_SLIVERS = "GetSlivers";

    /** The longest a node may wait for its view to change in one call. */
    public static final int MAX_WAIT_SECONDS = 300;

    public static final List<MethodSpec> METHODS = List.of(
            MethodSpec.builder(GET_SLIVERS).roles(ADMIN, NODE)
                    .optionalParam("node_id_or_hostname", new NullableType(NodeApi.NODE_REF),
                            "the node; nil for the calling node")
                    .optionalParam("version", new NullableType(StringType.max(128)),
                            "the version of the view the node already has; if it is still current the answer is"
                                    + " just {version, unchanged: true}")
                    .optionalParam("wait_seconds", new NullableType(new IntType(0, MAX_WAIT_SECONDS)),
                            "with a version: how long to wait for the view to change before answering unchanged"
                                    + " (a long poll), at most " + MAX_WAIT_SECONDS)
                    .returns(AnyType.struct("a struct"), "the node's view; its Java form is GetSliversAnswer, read and written with"
                            + " GetSliversWire")
                    .help("Returns what a node must run: {version, timestamp, node_id, hostname, interfaces, groups,"
                            + " conf_files, initscripts, slivers, accounts}; initscripts are the enabled init scripts"
                            + " (GetInitScripts). Each sliver is {name, hrn, slice_id, instantiation,"
                            + " state, expires, keys [{key_type, key}], attributes [{tagname, value}], rspec {attribute:"
                            + " value, every RSpec attribute resolved: per-node over per-group over slice over"
                            + " default; a slice without a bootscript runs its initscript_code, or else the enabled"
                            + " init script its initscript attribute names}}. Accounts are {name: site_admin | root, keys: [key]}. The version changes"
                            + " exactly when the view does; pass it back to learn cheaply that nothing changed."
                            + " With wait_seconds the call returns as soon as the node's view changes, so changes"
                            + " reach nodes at once. Nodes may ask only for themselves; the call records the node's"
                            + " last contact.")
                    .build());
}
