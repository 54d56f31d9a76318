package org.planetlab.plc.node;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.Optional;
import org.planetlab.api.schema.Filter;
import org.planetlab.plc.api.MethodRegistry;
import org.planetlab.plc.store.QueryEngine;
import org.planetlab.plc.tag.TagTypeRef;

/** The node tag and node group methods: wire values in, a {@link NodeGroupService} call, wire values out. */
public final class NodeGroupMethods {
    private final NodeGroupService groups;

    public NodeGroupMethods(NodeGroupService groups) {
        this.groups = requireNonNull(groups, "groups is null");
    }

    public void register(MethodRegistry registry) {
        registry.bind("AddNodeTag", call -> groups.addNodeTag(call.mutation(), node(call.arg(0)),
                        tagType(call.arg(1)), call.stringArg(2)))
                .bind("GetNodeTags", call -> QueryEngine.get(call.db(), NodeTables.NODE_TAGS,
                        (Filter) call.optionalArg(0).orElse(Filter.ALL), call.returnFields(1), QueryEngine.Access.EVERYONE))
                .bind("UpdateNodeTag", call -> done(() -> groups.updateNodeTag(call.mutation(), call.longArg(0),
                        call.stringArg(1))))
                .bind("DeleteNodeTag", call -> done(() -> groups.deleteNodeTag(call.mutation(), call.longArg(0))))
                .bind("AddNodeGroup", call -> groups.addNodeGroup(call.mutation(), new NewNodeGroup(call.stringArg(0),
                        tagType(call.arg(1)), call.stringArg(2))))
                .bind("GetNodeGroups", call -> QueryEngine.get(call.db(), NodeTables.NODE_GROUPS,
                        (Filter) call.optionalArg(0).orElse(Filter.ALL), call.returnFields(1), QueryEngine.Access.EVERYONE))
                .bind("UpdateNodeGroup", call -> done(() -> groups.updateNodeGroup(call.mutation(), group(call.arg(0)),
                        update(call.structArg(1)))))
                .bind("DeleteNodeGroup", call -> done(() -> groups.deleteNodeGroup(call.mutation(),
                        group(call.arg(0)))));
    }

    private static Object done(Runnable action) {
        action.run();
        return 1L;
    }

    private static NodeRef node(Object wire) {
        return wire instanceof Long id ? NodeRef.of(id) : NodeRef.of((String) wire);
    }

    private static TagTypeRef tagType(Object wire) {
        return wire instanceof Long id ? TagTypeRef.of(id) : TagTypeRef.of((String) wire);
    }

    private static NodeGroupRef group(Object wire) {
        return wire instanceof Long id ? NodeGroupRef.of(id) : NodeGroupRef.of((String) wire);
    }

    private static NodeGroupUpdate update(Map<String, Object> fields) {
        return new NodeGroupUpdate(Optional.ofNullable((String) fields.get("groupname")),
                Optional.ofNullable((String) fields.get("value")));
    }
}
