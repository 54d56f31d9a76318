package org.planetlab.plc.node;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.plc.auth.Caller;
import org.planetlab.plc.change.ObjectType;
import org.planetlab.plc.mutation.Mutation;
import org.planetlab.plc.mutation.MutationPath;
import org.planetlab.plc.store.Database;
import org.planetlab.plc.store.Rows;

/**
 * Configuration files nodes install, attached to single nodes or to node groups. A file attached
 * to a group (or changed) may be on any node, so such changes concern every node's view.
 */
public final class ConfFileService {
    private static final Map<String, Object> DEFAULTS = Map.of("enabled", true, "file_permissions", "0644",
            "file_owner", "root", "file_group", "root", "ignore_cmd_errors", false, "always_update", false);

    private final MutationPath mutations;

    public ConfFileService(MutationPath mutations) {
        this.mutations = requireNonNull(mutations, "mutations is null");
    }

    public long addConfFile(Caller caller, ConfFileFields file) {
        return mutations.run(caller, "AddConfFile", List.of(String.valueOf(file.columns().get("dest"))),
                mutation -> addConfFile(mutation, file));
    }

    public long addConfFile(Mutation mutation, ConfFileFields file) {
        long id = Database.nextId(mutation.db(), "conf_files");
        Map<String, Object> given = file.columns();
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("conf_file_id", id);
        for (String field : ConfFileFields.NAMES) {
            row.put(field, given.containsKey(field) ? given.get(field) : DEFAULTS.get(field));
        }
        Rows.insert(mutation.db(), "conf_files", row);
        mutation.affected(ObjectType.CONF_FILE, id);
        mutation.changes().affectsEveryNode();
        return id;
    }

    public void updateConfFile(Mutation mutation, long confFileId, ConfFileFields changes) {
        requireConfFile(mutation.db(), confFileId);
        Rows.update(mutation.db(), "conf_files", "conf_file_id", confFileId, changes.columns());
        mutation.affected(ObjectType.CONF_FILE, confFileId);
        mutation.changes().affectsEveryNode();
    }

    public void deleteConfFile(Mutation mutation, long confFileId) {
        requireConfFile(mutation.db(), confFileId);
        Map<String, Object> parameters = Map.of("id", confFileId);
        Rows.execute(mutation.db(), "DELETE FROM conf_file_nodes WHERE conf_file_id = :id", parameters);
        Rows.execute(mutation.db(), "DELETE FROM conf_file_nodegroups WHERE conf_file_id = :id", parameters);
        Rows.execute(mutation.db(), "DELETE FROM conf_files WHERE conf_file_id = :id", parameters);
        mutation.affected(ObjectType.CONF_FILE, confFileId);
        mutation.changes().affectsEveryNode();
    }

    public void addToNode(Caller caller, long confFileId, NodeRef node) {
        mutations.run(caller, "AddConfFileToNode", List.of(confFileId, node.key()), mutation -> {
            attachToNode(mutation, confFileId, node, true);
            return null;
        });
    }

    /** Attaches a file to a node (once, however often asked) or detaches it. */
    public void attachToNode(Mutation mutation, long confFileId, NodeRef ref, boolean attach) {
        requireConfFile(mutation.db(), confFileId);
        Nodes.NodeRecord node = Nodes.require(mutation.db(), ref.key());
        Map<String, Object> link = Map.of("file", confFileId, "node", node.nodeId());
        Rows.execute(mutation.db(), "DELETE FROM conf_file_nodes WHERE conf_file_id = :file AND node_id = :node", link);
        if (attach) {
            Rows.insert(mutation.db(), "conf_file_nodes", Map.of("conf_file_id", confFileId, "node_id", node.nodeId()));
        }
        mutation.affected(ObjectType.CONF_FILE, confFileId);
        mutation.affected(ObjectType.NODE, node.nodeId());
    }

    /** Attaches a file to a node group (once, however often asked) or detaches it. */
    public void attachToNodeGroup(Mutation mutation, long confFileId, NodeGroupRef group, boolean attach) {
        requireConfFile(mutation.db(), confFileId);
        long groupId = NodeGroups.requireId(mutation.db(), group);
        Map<String, Object> link = Map.of("file", confFileId, "group", groupId);
        Rows.execute(mutation.db(), "DELETE FROM conf_file_nodegroups WHERE conf_file_id = :file"
                + " AND nodegroup_id = :group", link);
        if (attach) {
            Rows.insert(mutation.db(), "conf_file_nodegroups", Map.of("conf_file_id", confFileId,
                    "nodegroup_id", groupId));
        }
        mutation.affected(ObjectType.CONF_FILE, confFileId);
        mutation.changes().affectsEveryNode();
    }

    private static void requireConfFile(Handle handle, long confFileId) {
        boolean exists = handle.createQuery("SELECT COUNT(*) FROM conf_files WHERE conf_file_id = :id")
                .bind("id", confFileId).mapTo(Long.class).one() > 0;
        if (!exists) {
            throw PlanetLabException.notFound("no configuration file with conf_file_id " + confFileId);
        }
    }
}
