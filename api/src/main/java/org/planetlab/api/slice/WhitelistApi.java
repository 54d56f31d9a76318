package org.planetlab.api.slice;

import static org.planetlab.api.method.Role.ADMIN;
import static org.planetlab.api.method.Role.ANONYMOUS;
import static org.planetlab.api.method.Role.NODE;
import static org.planetlab.api.method.Role.PI;
import static org.planetlab.api.method.Role.TECH;
import static org.planetlab.api.method.Role.USER;

import java.util.List;
import org.planetlab.api.method.Arguments;
import org.planetlab.api.method.MethodSpec;
import org.planetlab.api.node.NodeApi;
import org.planetlab.api.schema.ArrayType;
import org.planetlab.api.schema.FilterType;

/**
 * Node whitelists: a node with a whitelist accepts only the slices on it. AddSliceToNodes refuses
 * to add any other slice to such a node, unless the caller belongs to the node's own site.
 */
public final class WhitelistApi {
    private WhitelistApi() {}

    public static final List<MethodSpec> METHODS = List.of(
            MethodSpec.builder("AddSliceToNodesWhitelist").roles(ADMIN).mutates()
                    .param("slice_id_or_name", SliceApi.SLICE_REF, "the slice")
                    .param("node_id_or_hostname_list", new ArrayType(NodeApi.NODE_REF, 10_000), "the nodes")
                    .returns(Arguments.ONE, Arguments.ONE_DOC)
                    .help("Adds the specified slice to the whitelist on the specified nodes. Nodes may be either"
                            + " node_ids or hostnames. If the slice is already on a node's whitelist, no error is"
                            + " returned.")
                    .build(),
            MethodSpec.builder("DeleteSliceFromNodesWhitelist").roles(ADMIN).mutates()
                    .param("slice_id_or_name", SliceApi.SLICE_REF, "the slice")
                    .param("node_id_or_hostname_list", new ArrayType(NodeApi.NODE_REF, 10_000), "the nodes")
                    .returns(Arguments.ONE, Arguments.ONE_DOC)
                    .help("Deletes the specified slice from the whitelist on the specified nodes. A node whose"
                            + " whitelist becomes empty accepts every slice again. The slice stays on the nodes it"
                            + " is on.")
                    .build(),
            MethodSpec.builder("GetWhitelist").roles(ADMIN, PI, USER, TECH, NODE, ANONYMOUS)
                    .optionalParam("node_filter", new FilterType(NodeApi.NODE, "node_id", "hostname"),
                            "node_ids, hostnames or a struct of conditions; nil for all")
                    .optionalParam("return_fields", Arguments.RETURN_FIELDS, Arguments.RETURN_FIELDS_DOC)
                    .returns(ArrayType.of(NodeApi.NODE), "the matching nodes that have a whitelist")
                    .help("Returns the nodes that have a whitelist (slice_ids_whitelist), as GetNodes does."
                            + " Operators see every such node; others only those whose whitelist holds a slice of"
                            + " theirs (for a node, a slice on it).")
                    .build());
}
