package org.planetlab.am.sliver;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * The {@code am_slivers} table (migration V7): read and written inside PLC's transactions, so a
 * sliver's record changes together with the slice it belongs to.
 */
public final class AmSlivers {
    private static final String COLUMNS = "sliver_urn, slice_id, node_id, client_id, allocation_state, allocation_expires";

    private AmSlivers() {
    }

    public static List<AmSliver> ofSlice(Handle handle, long sliceId) {
        return handle.createQuery("SELECT " + COLUMNS + " FROM am_slivers WHERE slice_id = :slice ORDER BY node_id")
                .bind("slice", sliceId)
                .map((row, context) -> new AmSliver(row.getString(1), row.getLong(2), row.getLong(3),
                        Optional.ofNullable(row.getString(4)), row.getString(5), row.getLong(6)))
                .list();
    }

    public static void insert(Handle handle, AmSliver sliver, long now) {
        handle.createUpdate("INSERT INTO am_slivers (" + COLUMNS + ", created) VALUES (:urn, :slice, :node, :client,"
                        + " :state, :expires, :created)")
                .bind("urn", sliver.sliverUrn()).bind("slice", sliver.sliceId()).bind("node", sliver.nodeId())
                .bind("client", sliver.clientId().orElse(null)).bind("state", sliver.allocationState())
                .bind("expires", sliver.allocationExpires()).bind("created", now)
                .execute();
    }

    public static void update(Handle handle, String sliverUrn, String state, long expires) {
        handle.createUpdate("UPDATE am_slivers SET allocation_state = :state, allocation_expires = :expires WHERE sliver_urn = :urn")
                .bind("state", state).bind("expires", expires).bind("urn", sliverUrn).execute();
    }

    public static void delete(Handle handle, String sliverUrn) {
        handle.createUpdate("DELETE FROM am_slivers WHERE sliver_urn = :urn").bind("urn", sliverUrn).execute();
    }

    /** Forgets the slivers of a slice that no longer exists in PLC (deleted or expired there). */
    public static void deleteSlice(Handle handle, long sliceId) {
        handle.createUpdate("DELETE FROM am_slivers WHERE slice_id = :slice").bind("slice", sliceId).execute();
    }
}
