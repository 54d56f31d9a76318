package org.planetlab.plc.slice;

import java.util.List;
import java.util.Map;
import org.planetlab.plc.change.ObjectType;
import org.planetlab.plc.mutation.Mutation;
import org.planetlab.plc.store.Rows;

/**
 * Deletes slices. A deleted slice is only marked: its record, users, nodes and attributes stay,
 * so the chain of responsibility for what it did remains on record.
 */
public final class SliceRemoval {
    private SliceRemoval() {}

    public static void markDeleted(Mutation mutation, long sliceId) {
        mutation.db().createQuery("SELECT node_id FROM slice_nodes WHERE slice_id = :id").bind("id", sliceId)
                .mapTo(Long.class).forEach(nodeId -> mutation.affected(ObjectType.NODE, nodeId));
        Rows.update(mutation.db(), "slices", "slice_id", sliceId, Map.of("is_deleted", true,
                "deleted_at", mutation.now()));
        // The GENI aggregate's slivers of the slice (V7) are its current allocations, not a record of
        // responsibility: they go with the slice, in the same change.
        Rows.execute(mutation.db(), "DELETE FROM am_slivers WHERE slice_id = :id", Map.of("id", sliceId));
        mutation.affected(ObjectType.SLICE, sliceId);
    }

    /** Deletes the live slices of a site that is being deleted. */
    public static void siteDeleted(Mutation mutation, long siteId) {
        mutation.db().createQuery("SELECT slice_id FROM slices WHERE site_id = :id AND is_deleted = FALSE")
                .bind("id", siteId).mapTo(Long.class).list()
                .forEach(sliceId -> markDeleted(mutation, sliceId));
    }

    /** Marks every slice that has expired as deleted; returns their ids. */
    public static List<Long> expire(Mutation mutation) {
        List<Long> expired = mutation.db()
                .createQuery("SELECT slice_id FROM slices WHERE is_deleted = FALSE AND expires <= :now")
                .bind("now", mutation.now()).mapTo(Long.class).list();
        expired.forEach(sliceId -> markDeleted(mutation, sliceId));
        return expired;
    }
}
