package org.planetlab.plc.slice;

import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.planetlab.plc.api.Call;
import org.planetlab.plc.api.Changes;
import org.planetlab.plc.api.ObjectType;
import org.planetlab.plc.store.Rows;

/**
 * Deletes slices. A deleted slice is only marked: its record, users, nodes and attributes stay,
 * so the chain of responsibility for what it did remains on record.
 */
public final class SliceRemoval {
    private SliceRemoval() {}

    public static void markDeleted(Call call, long sliceId) {
        markDeleted(call.db(), call.now(), call.changes(), sliceId);
    }

    public static void markDeleted(Handle handle, long now, Changes changes, long sliceId) {
        handle.createQuery("SELECT node_id FROM slice_nodes WHERE slice_id = :id").bind("id", sliceId)
                .mapTo(Long.class).forEach(nodeId -> changes.add(ObjectType.NODE, nodeId));
        Rows.update(handle, "slices", "slice_id", sliceId, Map.of("is_deleted", true, "deleted_at", now));
        changes.add(ObjectType.SLICE, sliceId);
    }

    /** Marks every slice that has expired as deleted; returns their ids. */
    public static List<Long> expire(Handle handle, long now, Changes changes) {
        List<Long> expired = handle.createQuery("SELECT slice_id FROM slices WHERE is_deleted = FALSE AND expires <= :now")
                .bind("now", now).mapTo(Long.class).list();
        expired.forEach(sliceId -> markDeleted(handle, now, changes, sliceId));
        return expired;
    }

    public static void expire(Call call) {
        expire(call.db(), call.now(), call.changes());
    }
}
