package org.planetlab.plc.node;

import java.util.LinkedHashMap;
import java.util.Map;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.api.schema.Filter;
import org.planetlab.plc.api.Call;
import org.planetlab.plc.api.MethodRegistry;
import org.planetlab.plc.change.ObjectType;
import org.planetlab.plc.store.Database;
import org.planetlab.plc.store.QueryEngine;
import org.planetlab.plc.store.Rows;
import org.planetlab.plc.tag.TagTypes;

/** Node tags and the node groups they define. */
public final class NodeGroupMethods {
    public void register(MethodRegistry registry) {
        registry.bind("AddNodeTag", this::addNodeTag)
                .bind("GetNodeTags", call -> QueryEngine.get(call.db(), NodeTables.NODE_TAGS,
                        (Filter) call.optionalArg(0).orElse(Filter.ALL), call.returnFields(1), QueryEngine.Access.EVERYONE))
                .bind("UpdateNodeTag", this::updateNodeTag)
                .bind("DeleteNodeTag", this::deleteNodeTag)
                .bind("AddNodeGroup", this::addNodeGroup)
                .bind("GetNodeGroups", call -> QueryEngine.get(call.db(), NodeTables.NODE_GROUPS,
                        (Filter) call.optionalArg(0).orElse(Filter.ALL), call.returnFields(1), QueryEngine.Access.EVERYONE))
                .bind("UpdateNodeGroup", this::updateNodeGroup)
                .bind("DeleteNodeGroup", this::deleteNodeGroup);
    }

    private Object addNodeTag(Call call) {
        Nodes.NodeRecord node = Nodes.require(call.db(), call.arg(0));
        TagTypes.TagTypeRecord type = TagTypes.require(call.db(), call.arg(1));
        Nodes.requireManager(call.caller(), node, "AddNodeTag");
        TagTypes.requireRole(call.caller(), type, "AddNodeTag");
        boolean exists = call.db().createQuery("SELECT COUNT(*) FROM node_tags WHERE node_id = :node AND tag_type_id = :type")
                .bind("node", node.nodeId()).bind("type", type.tagTypeId()).mapTo(Long.class).one() > 0;
        if (exists) {
            throw PlanetLabException.alreadyExists("node %s already has a %s tag; change it with UpdateNodeTag"
                    .formatted(node.hostname(), type.tagname()));
        }
        long id = Database.nextId(call.db(), "node_tags");
        Rows.insert(call.db(), "node_tags", Map.of("node_tag_id", id, "node_id", node.nodeId(),
                "tag_type_id", type.tagTypeId(), "value", type.canonicalValue(call.stringArg(2))));
        call.affected(ObjectType.NODE_TAG, id);
        call.affected(ObjectType.NODE, node.nodeId());
        return id;
    }

    private Object updateNodeTag(Call call) {
        NodeTag tag = nodeTag(call, "UpdateNodeTag");
        Rows.update(call.db(), "node_tags", "node_tag_id", tag.id(), Map.of("value",
                tag.type().canonicalValue(call.stringArg(1))));
        call.affected(ObjectType.NODE_TAG, tag.id());
        call.affected(ObjectType.NODE, tag.node().nodeId());
        return 1L;
    }

    private Object deleteNodeTag(Call call) {
        NodeTag tag = nodeTag(call, "DeleteNodeTag");
        Rows.execute(call.db(), "DELETE FROM node_tags WHERE node_tag_id = :id", Map.of("id", tag.id()));
        call.affected(ObjectType.NODE_TAG, tag.id());
        call.affected(ObjectType.NODE, tag.node().nodeId());
        return 1L;
    }

    private record NodeTag(long id, Nodes.NodeRecord node, TagTypes.TagTypeRecord type) {}

    private static NodeTag nodeTag(Call call, String action) {
        long id = call.longArg(0);
        Map<String, Object> row = call.db().createQuery("SELECT node_id, tag_type_id FROM node_tags WHERE node_tag_id = :id")
                .bind("id", id).mapToMap().findOne()
                .orElseThrow(() -> PlanetLabException.notFound("no node tag with node_tag_id " + id));
        Nodes.NodeRecord node = Nodes.require(call.db(), ((Number) row.get("node_id")).longValue());
        TagTypes.TagTypeRecord type = TagTypes.require(call.db(), ((Number) row.get("tag_type_id")).longValue());
        Nodes.requireManager(call.caller(), node, action);
        TagTypes.requireRole(call.caller(), type, action);
        return new NodeTag(id, node, type);
    }

    private Object addNodeGroup(Call call) {
        String groupname = call.stringArg(0);
        requireFreeGroupname(call, groupname);
        TagTypes.TagTypeRecord type = TagTypes.require(call.db(), call.arg(1));
        long id = Database.nextId(call.db(), "nodegroups");
        Rows.insert(call.db(), "nodegroups", Map.of("nodegroup_id", id, "groupname", groupname,
                "tag_type_id", type.tagTypeId(), "value", call.stringArg(2)));
        call.affected(ObjectType.NODE_GROUP, id);
        call.changes().affectsEveryNode();
        return id;
    }

    private Object updateNodeGroup(Call call) {
        long id = groupId(call, call.arg(0));
        Map<String, Object> fields = new LinkedHashMap<>(call.structArg(1));
        if (fields.containsKey("groupname")) {
            String groupname = (String) fields.get("groupname");
            call.db().createQuery("SELECT nodegroup_id FROM nodegroups WHERE groupname = :name").bind("name", groupname)
                    .mapTo(Long.class).findOne().filter(other -> other != id).ifPresent(other -> {
                        throw PlanetLabException.alreadyExists("a node group named " + groupname + " already exists");
                    });
        }
        Rows.update(call.db(), "nodegroups", "nodegroup_id", id, fields);
        call.affected(ObjectType.NODE_GROUP, id);
        call.changes().affectsEveryNode();
        return 1L;
    }

    private Object deleteNodeGroup(Call call) {
        long id = groupId(call, call.arg(0));
        Map<String, Object> parameters = Map.of("id", id);
        Rows.execute(call.db(), "DELETE FROM slice_tags WHERE nodegroup_id = :id", parameters);
        Rows.execute(call.db(), "DELETE FROM conf_file_nodegroups WHERE nodegroup_id = :id", parameters);
        Rows.execute(call.db(), "DELETE FROM nodegroups WHERE nodegroup_id = :id", parameters);
        call.affected(ObjectType.NODE_GROUP, id);
        call.changes().affectsEveryNode();
        return 1L;
    }

    /** The id of a node group named by id or name. */
    public static long groupId(Call call, Object idOrName) {
        String column = idOrName instanceof Long ? "nodegroup_id" : "groupname";
        return call.db().createQuery("SELECT nodegroup_id FROM nodegroups WHERE " + column + " = :ref")
                .bind("ref", idOrName).mapTo(Long.class).findOne()
                .orElseThrow(() -> PlanetLabException.notFound(idOrName instanceof Long id
                        ? "no node group with nodegroup_id " + id : "no node group named \"" + idOrName + "\""));
    }

    private static void requireFreeGroupname(Call call, String groupname) {
        if (call.db().createQuery("SELECT COUNT(*) FROM nodegroups WHERE groupname = :name").bind("name", groupname)
                .mapTo(Long.class).one() > 0) {
            throw PlanetLabException.alreadyExists("a node group named " + groupname + " already exists");
        }
    }
}
