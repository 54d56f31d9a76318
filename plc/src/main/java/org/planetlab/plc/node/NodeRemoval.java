package org.planetlab.plc.node;

import java.util.Map;
import org.planetlab.plc.change.ObjectType;
import org.planetlab.plc.mutation.Mutation;
import org.planetlab.plc.store.Rows;

/**
 * Deletes a node: its interfaces, tags, sessions and links to live slices go; the record stays,
 * marked deleted, and so do the links of deleted slices, for audit.
 */
public final class NodeRemoval {
    private NodeRemoval() {}

    /** Deletes the live nodes of a site that is being deleted. */
    public static void siteDeleted(Mutation mutation, long siteId) {
        mutation.db().createQuery("SELECT node_id FROM nodes WHERE site_id = :id AND deleted = FALSE")
                .bind("id", siteId).mapTo(Long.class).list()
                .forEach(nodeId -> markDeleted(mutation, nodeId));
    }

    public static void markDeleted(Mutation call, long nodeId) {
        Map<String, Object> id = Map.of("id", nodeId);
        call.db().createQuery("SELECT j.slice_id FROM slice_nodes j JOIN slices s ON s.slice_id = j.slice_id"
                        + " AND s.is_deleted = FALSE WHERE j.node_id = :id")
                .bind("id", nodeId).mapTo(Long.class).forEach(sliceId -> call.affected(ObjectType.SLICE, sliceId));
        Rows.execute(call.db(), "DELETE FROM slice_nodes WHERE node_id = :id AND slice_id IN"
                + " (SELECT slice_id FROM slices WHERE is_deleted = FALSE)", id);
        Rows.execute(call.db(), "DELETE FROM slice_tags WHERE node_id = :id AND slice_id IN"
                + " (SELECT slice_id FROM slices WHERE is_deleted = FALSE)", id);
        Rows.execute(call.db(), "DELETE FROM interface_tags WHERE interface_id IN (SELECT interface_id FROM interfaces"
                + " WHERE node_id = :id)", id);
        IlinkService.deleteLinksOf(call.db(), "SELECT interface_id FROM interfaces WHERE node_id = :id", id);
        Rows.execute(call.db(), "DELETE FROM interfaces WHERE node_id = :id", id);
        Rows.execute(call.db(), "DELETE FROM node_tags WHERE node_id = :id", id);
        Rows.execute(call.db(), "DELETE FROM pcu_nodes WHERE node_id = :id", id);
        Rows.execute(call.db(), "DELETE FROM conf_file_nodes WHERE node_id = :id", id);
        Rows.execute(call.db(), "DELETE FROM sessions WHERE node_id = :id", id);
        Rows.update(call.db(), "nodes", "node_id", nodeId, Map.of("deleted", true, "last_updated", call.now()));
        call.affected(ObjectType.NODE, nodeId);
    }
}
