package org.planetlab.plc.node;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.plc.auth.Caller;
import org.planetlab.plc.change.ObjectType;
import org.planetlab.plc.mutation.Mutation;
import org.planetlab.plc.mutation.MutationPath;
import org.planetlab.plc.store.Database;
import org.planetlab.plc.store.Rows;
import org.planetlab.plc.tag.TagTypeRef;
import org.planetlab.plc.tag.TagTypes;

/**
 * Node tags and the node groups they define. A node has at most one tag of each type; it may be
 * tagged by operators, the people of its site and the node itself, each only with tag types
 * their role reaches. Group names are unique; a group's members are the nodes whose tag of the
 * group's type has the group's value, so a change to a group may change any node's view.
 */
public final class NodeGroupService {
    private final MutationPath mutations;

    public NodeGroupService(MutationPath mutations) {
        this.mutations = requireNonNull(mutations, "mutations is null");
    }

    public long addNodeTag(Caller caller, NodeRef node, TagTypeRef type, String value) {
        return mutations.run(caller, "AddNodeTag", List.of(node.key(), type.key(), value),
                mutation -> addNodeTag(mutation, node, type, value));
    }

    public long addNodeTag(Mutation mutation, NodeRef nodeRef, TagTypeRef typeRef, String value) {
        Nodes.NodeRecord node = Nodes.require(mutation.db(), nodeRef.key());
        TagTypes.TagTypeRecord type = TagTypes.require(mutation.db(), typeRef.key());
        Nodes.requireManager(mutation.caller(), node, "AddNodeTag");
        TagTypes.requireRole(mutation.caller(), type, "AddNodeTag");
        boolean exists = mutation.db().createQuery("SELECT COUNT(*) FROM node_tags WHERE node_id = :node"
                        + " AND tag_type_id = :type")
                .bind("node", node.nodeId()).bind("type", type.tagTypeId()).mapTo(Long.class).one() > 0;
        if (exists) {
            throw PlanetLabException.alreadyExists("node %s already has a %s tag; change it with UpdateNodeTag"
                    .formatted(node.hostname(), type.tagname()));
        }
        long id = Database.nextId(mutation.db(), "node_tags");
        Rows.insert(mutation.db(), "node_tags", Map.of("node_tag_id", id, "node_id", node.nodeId(),
                "tag_type_id", type.tagTypeId(), "value", type.canonicalValue(value)));
        mutation.affected(ObjectType.NODE_TAG, id);
        mutation.affected(ObjectType.NODE, node.nodeId());
        return id;
    }

    public void updateNodeTag(Mutation mutation, long nodeTagId, String value) {
        NodeTag tag = nodeTag(mutation, nodeTagId, "UpdateNodeTag");
        Rows.update(mutation.db(), "node_tags", "node_tag_id", tag.id(), Map.of("value",
                tag.type().canonicalValue(value)));
        mutation.affected(ObjectType.NODE_TAG, tag.id());
        mutation.affected(ObjectType.NODE, tag.node().nodeId());
    }

    public void deleteNodeTag(Caller caller, long nodeTagId) {
        mutations.run(caller, "DeleteNodeTag", List.of(nodeTagId), mutation -> {
            deleteNodeTag(mutation, nodeTagId);
            return null;
        });
    }

    public void deleteNodeTag(Mutation mutation, long nodeTagId) {
        NodeTag tag = nodeTag(mutation, nodeTagId, "DeleteNodeTag");
        Rows.execute(mutation.db(), "DELETE FROM node_tags WHERE node_tag_id = :id", Map.of("id", tag.id()));
        mutation.affected(ObjectType.NODE_TAG, tag.id());
        mutation.affected(ObjectType.NODE, tag.node().nodeId());
    }

    public long addNodeGroup(Caller caller, NewNodeGroup group) {
        return mutations.run(caller, "AddNodeGroup", List.of(group.groupname(), group.tagType().key(), group.value()),
                mutation -> addNodeGroup(mutation, group));
    }

    public long addNodeGroup(Mutation mutation, NewNodeGroup group) {
        requireFreeGroupname(mutation.db(), group.groupname());
        TagTypes.TagTypeRecord type = TagTypes.require(mutation.db(), group.tagType().key());
        long id = Database.nextId(mutation.db(), "nodegroups");
        Rows.insert(mutation.db(), "nodegroups", Map.of("nodegroup_id", id, "groupname", group.groupname(),
                "tag_type_id", type.tagTypeId(), "value", group.value()));
        mutation.affected(ObjectType.NODE_GROUP, id);
        mutation.changes().affectsEveryNode();
        return id;
    }

    public void updateNodeGroup(Mutation mutation, NodeGroupRef ref, NodeGroupUpdate update) {
        long id = NodeGroups.requireId(mutation.db(), ref);
        update.groupname().ifPresent(groupname -> mutation.db()
                .createQuery("SELECT nodegroup_id FROM nodegroups WHERE groupname = :name").bind("name", groupname)
                .mapTo(Long.class).findOne().filter(other -> other != id).ifPresent(other -> {
                    throw PlanetLabException.alreadyExists("a node group named " + groupname + " already exists");
                }));
        Map<String, Object> columns = new LinkedHashMap<>();
        update.groupname().ifPresent(value -> columns.put("groupname", value));
        update.value().ifPresent(value -> columns.put("value", value));
        Rows.update(mutation.db(), "nodegroups", "nodegroup_id", id, columns);
        mutation.affected(ObjectType.NODE_GROUP, id);
        mutation.changes().affectsEveryNode();
    }

    /** Deletes a node group, with the slice attributes set for it and its configuration files' links. */
    public void deleteNodeGroup(Mutation mutation, NodeGroupRef ref) {
        long id = NodeGroups.requireId(mutation.db(), ref);
        Map<String, Object> parameters = Map.of("id", id);
        // Deleting a group an authority policy limits slices to would let them onto every node of its authority.
        List<Long> policies = mutation.db().createQuery("SELECT authority_policy_id FROM authority_policy_nodegroups"
                + " WHERE nodegroup_id = :id ORDER BY authority_policy_id").bind("id", id).mapTo(Long.class).list();
        if (!policies.isEmpty()) {
            throw new PlanetLabException(ErrorCode.IN_USE, "node group " + id + " is named by the authority policies "
                    + policies + "; change them with UpdateAuthorityPolicy first");
        }
        Rows.execute(mutation.db(), "DELETE FROM slice_tags WHERE nodegroup_id = :id", parameters);
        Rows.execute(mutation.db(), "DELETE FROM conf_file_nodegroups WHERE nodegroup_id = :id", parameters);
        Rows.execute(mutation.db(), "DELETE FROM nodegroups WHERE nodegroup_id = :id", parameters);
        mutation.affected(ObjectType.NODE_GROUP, id);
        mutation.changes().affectsEveryNode();
    }

    private record NodeTag(long id, Nodes.NodeRecord node, TagTypes.TagTypeRecord type) {}

    private static NodeTag nodeTag(Mutation mutation, long id, String action) {
        Map<String, Object> row = mutation.db()
                .createQuery("SELECT node_id, tag_type_id FROM node_tags WHERE node_tag_id = :id")
                .bind("id", id).mapToMap().findOne()
                .orElseThrow(() -> PlanetLabException.notFound("no node tag with node_tag_id " + id));
        Nodes.NodeRecord node = Nodes.require(mutation.db(), ((Number) row.get("node_id")).longValue());
        TagTypes.TagTypeRecord type = TagTypes.require(mutation.db(), ((Number) row.get("tag_type_id")).longValue());
        Nodes.requireManager(mutation.caller(), node, action);
        TagTypes.requireRole(mutation.caller(), type, action);
        return new NodeTag(id, node, type);
    }

    private static void requireFreeGroupname(Handle handle, String groupname) {
        if (handle.createQuery("SELECT COUNT(*) FROM nodegroups WHERE groupname = :name").bind("name", groupname)
                .mapTo(Long.class).one() > 0) {
            throw PlanetLabException.alreadyExists("a node group named " + groupname + " already exists");
        }
    }
}
