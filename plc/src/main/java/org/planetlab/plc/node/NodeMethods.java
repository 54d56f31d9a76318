package org.planetlab.plc.node;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.Optional;
import org.planetlab.api.node.NodeApi;
import org.planetlab.api.schema.Filter;
import org.planetlab.plc.api.Call;
import org.planetlab.plc.api.MethodRegistry;
import org.planetlab.plc.site.SiteRef;
import org.planetlab.plc.store.QueryEngine;
import org.planetlab.plc.typetable.TypeValueTable;
import org.planetlab.plc.typetable.TypeValues;
import org.planetlab.trust.node.NodeKey;
import org.planetlab.trust.node.PlnodeConfig;
import org.planetlab.trust.node.PlnodeFile;

/**
 * The node methods: wire values in, a {@link NodeService} call, wire values out; GetNodes and
 * GetNodeConfigFile read.
 */
public final class NodeMethods {
    private final NodeService nodes;

    public NodeMethods(NodeService nodes) {
        this.nodes = requireNonNull(nodes, "nodes is null");
    }

    public void register(MethodRegistry registry) {
        registry.bind("AddNode", call -> nodes.addNode(call.mutation(), site(call.arg(0)), newNode(call.structArg(1))))
                .bind("GetNodes", call -> QueryEngine.get(call.db(), NodeTables.NODES,
                        (Filter) call.optionalArg(0).orElse(Filter.ALL), call.returnFields(1),
                        call.caller().isOperator() ? QueryEngine.Access.OPERATOR : QueryEngine.Access.EVERYONE))
                .bind("GetManagedNode", call -> call.db().createQuery(
                        "SELECT node_id FROM nodes WHERE deleted = FALSE AND boot_state <> 'disabled' ORDER BY node_id")
                        .mapTo(Long.class).list())
                .bind("UpdateNode", call -> {
                    nodes.updateNode(call.mutation(), node(call.arg(0)), update(call.structArg(1)));
                    return 1L;
                })
                .bind("DeleteNode", call -> {
                    nodes.deleteNode(call.mutation(), node(call.arg(0)));
                    return 1L;
                })
                .bind("GetBootStates", call -> TypeValues.list(call.db(), TypeValueTable.BOOT_STATES))
                .bind("GetNodeConfigFile", NodeMethods::configFile)
                .bind("ResetNodeKey", call -> {
                    nodes.resetKey(call.mutation(), node(call.arg(0)));
                    return 1L;
                });
    }

    private static SiteRef site(Object wire) {
        return wire instanceof Long id ? SiteRef.of(id) : SiteRef.of((String) wire);
    }

    private static NodeRef node(Object wire) {
        return wire instanceof Long id ? NodeRef.of(id) : NodeRef.of((String) wire);
    }

    private static NewNode newNode(Map<String, Object> fields) {
        return new NewNode((String) fields.get("hostname"), Optional.ofNullable((String) fields.get("node_type")),
                Optional.ofNullable((String) fields.get("boot_state")), Optional.ofNullable((String) fields.get("model")),
                Optional.ofNullable((String) fields.get("version")));
    }

    private static NodeUpdate update(Map<String, Object> fields) {
        return new NodeUpdate(Optional.ofNullable((String) fields.get("hostname")),
                Optional.ofNullable((String) fields.get("node_type")),
                Optional.ofNullable((String) fields.get("boot_state")), nullable(fields, "model"),
                nullable(fields, "version"));
    }

    /** A field that may be left out, given a value, or given nil to unset it. */
    private static Optional<Optional<String>> nullable(Map<String, Object> fields, String name) {
        return fields.containsKey(name) ? Optional.of(Optional.ofNullable((String) fields.get(name)))
                : Optional.empty();
    }

    private static Object configFile(Call call) {
        Nodes.NodeRecord node = Nodes.require(call.db(), call.arg(0));
        Nodes.requireManager(call.caller(), node, "GetNodeConfigFile");
        return NodeConfigFile.text(call.db(), node);
    }
}
