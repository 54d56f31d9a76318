package org.planetlab.plc.stop;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;
import org.planetlab.plc.store.ColumnKind;
import org.planetlab.plc.store.Database;

/**
 * The SQL of slice_stops, and the two questions the rest of PLC asks of it: is every slice
 * stopped (a node's view then stops every sliver, and no ticket is issued), and which slices are
 * stopped on one node.
 */
public final class Stops {
    private static final String COLUMNS = "stop_id, level, slice_id, node_id, site_id, person_id, authority, reason,"
            + " stopped_at, lifted_at, lifted_by";

    private Stops() {}

    /** The system-wide stop in force, if any. */
    public static Optional<StopRecord> everySliceStopped(Handle handle) {
        return select(handle, "level = 'all' AND lifted_at IS NULL", Map.of()).stream().findFirst();
    }

    /** The newest slice or site stop in force of a slice (StopSlice, StopSiteSlices), if any. */
    public static Optional<StopRecord> sliceStop(Handle handle, long sliceId) {
        return select(handle, "level IN ('slice', 'site') AND lifted_at IS NULL AND slice_id = :slice",
                Map.of("slice", sliceId)).stream().findFirst();
    }

    /** The slices stopped on this node by a sliver stop in force. */
    public static Set<Long> slicesStoppedOn(Handle handle, long nodeId) {
        return new HashSet<>(handle.createQuery("SELECT slice_id FROM slice_stops WHERE level = 'sliver'"
                        + " AND lifted_at IS NULL AND node_id = :node")
                .bind("node", nodeId).mapTo(Long.class).list());
    }

    /** The stops in force of one slice on one node. */
    static List<StopRecord> activeSliverStops(Handle handle, long sliceId, long nodeId) {
        return select(handle, "level = 'sliver' AND lifted_at IS NULL AND slice_id = :slice AND node_id = :node",
                Map.of("slice", sliceId, "node", nodeId));
    }

    static long insert(Handle handle, String level, Optional<Long> sliceId, Optional<Long> nodeId,
            Optional<Long> siteId, Optional<Long> personId, StopAuthority authority, String reason, long now) {
        long stopId = Database.nextId(handle, "slice_stops");
        handle.createUpdate("INSERT INTO slice_stops (" + COLUMNS + ") VALUES (:id, :level, :slice, :node, :site,"
                        + " :person, :authority, :reason, :now, NULL, NULL)")
                .bind("id", stopId).bind("level", level).bind("slice", sliceId.orElse(null))
                .bind("node", nodeId.orElse(null)).bind("site", siteId.orElse(null))
                .bind("person", personId.orElse(null)).bind("authority", authority.wireName())
                .bind("reason", reason).bind("now", now).execute();
        return stopId;
    }

    /** Marks stops lifted; {@code condition} selects them among those in force. */
    static int lift(Handle handle, String condition, Map<String, Object> parameters, Optional<Long> personId,
            long now) {
        var update = handle.createUpdate("UPDATE slice_stops SET lifted_at = :now, lifted_by = :by"
                + " WHERE lifted_at IS NULL AND " + condition);
        parameters.forEach(update::bind);
        return update.bind("now", now).bind("by", personId.orElse(null)).execute();
    }

    /** The stops {@code condition} selects, newest first. */
    static List<StopRecord> select(Handle handle, String condition, Map<String, Object> parameters) {
        Query query = handle.createQuery("SELECT " + COLUMNS + " FROM slice_stops WHERE " + condition
                + " ORDER BY stop_id DESC");
        parameters.forEach(query::bind);
        return query.map((row, context) -> new StopRecord(row.getLong(1), row.getString(2),
                        optional(ColumnKind.INTEGER.read(row, 3)), optional(ColumnKind.INTEGER.read(row, 4)),
                        optional(ColumnKind.INTEGER.read(row, 5)), optional(ColumnKind.INTEGER.read(row, 6)),
                        row.getString(7), row.getString(8), row.getLong(9), optional(ColumnKind.INTEGER.read(row, 10)),
                        optional(ColumnKind.INTEGER.read(row, 11))))
                .list();
    }

    private static Optional<Long> optional(Object value) {
        return Optional.ofNullable((Long) value);
    }
}
