package org.planetlab.plc.usage;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * Reads the stored series: the fine samples and the hourly rollups, which never overlap (a sample
 * is deleted in the transaction that adds it to its hour), summed per slice and node over a
 * period. A period reaching into rolled-up time counts every hour it overlaps.
 */
final class UsageSeries {
    private UsageSeries() {}

    /** One slice's usage of one node over the period. */
    record Row(long sliceId, String sliceName, long sliceSiteId, long nodeId, String hostname, UsageTotals totals) {
        Row {
            requireNonNull(sliceName, "sliceName is null");
            requireNonNull(hostname, "hostname is null");
            requireNonNull(totals, "totals is null");
        }
    }

    /** What to read: every slice and node, one slice, or one node. */
    enum Scope {
        ALL(""), SLICE(" AND slice_id = :id"), NODE(" AND node_id = :id");

        private final String condition;

        Scope(String condition) {
            this.condition = condition;
        }
    }

    private static final String MEASURES = "node_id, slice_id, cpu_ns, memory_bytes, disk_bytes, processes, bytes_sent,"
            + " packets_sent, bytes_received, packets_received, bandwidth_bps";

    /** Usage per slice and node in [from, until), by slice then node. */
    static List<Row> read(Handle handle, Scope scope, long id, long from, long until) {
        String sql = "SELECT u.slice_id, s.name, s.site_id, u.node_id, n.hostname, SUM(u.cpu_ns), MAX(u.memory_bytes),"
                + " MAX(u.disk_bytes), MAX(u.processes), SUM(u.bytes_sent), SUM(u.packets_sent), SUM(u.bytes_received),"
                + " SUM(u.packets_received), MAX(u.bandwidth_bps) FROM ("
                + "SELECT " + MEASURES + " FROM usage_samples WHERE sampled_at >= :from AND sampled_at < :until"
                + scope.condition
                + " UNION ALL SELECT " + MEASURES + " FROM usage_hours WHERE hour_start > :from - 3600"
                + " AND hour_start < :until" + scope.condition
                + ") u JOIN slices s ON s.slice_id = u.slice_id JOIN nodes n ON n.node_id = u.node_id"
                + " GROUP BY u.slice_id, s.name, s.site_id, u.node_id, n.hostname ORDER BY u.slice_id, u.node_id";
        var query = handle.createQuery(sql).bind("from", from).bind("until", until);
        if (scope != Scope.ALL) {
            query.bind("id", id);
        }
        return query.map((row, context) -> new Row(row.getLong(1), row.getString(2), row.getLong(3), row.getLong(4),
                        row.getString(5), new UsageTotals(row.getLong(6), row.getLong(7), row.getLong(8), row.getLong(9),
                                row.getLong(10), row.getLong(11), row.getLong(12), row.getLong(13), row.getLong(14))))
                .list();
    }

    /**
     * One slice's usage summed over its nodes per interval of {@code length} seconds, for the
     * intervals in [from, until) that have any (both multiples of {@code length}, which is a whole
     * number of hours, so an hour's rollup falls in one interval).
     */
    static List<UsagePoint> buckets(Handle handle, long sliceId, long from, long until, long length) {
        String sql = "SELECT u.bucket, SUM(u.cpu_ns), SUM(u.bytes_sent), SUM(u.bytes_received) FROM ("
                + "SELECT (sampled_at / :length) * :length AS bucket, cpu_ns, bytes_sent, bytes_received FROM usage_samples"
                + " WHERE slice_id = :id AND sampled_at >= :from AND sampled_at < :until"
                + " UNION ALL SELECT (hour_start / :length) * :length AS bucket, cpu_ns, bytes_sent, bytes_received"
                + " FROM usage_hours WHERE slice_id = :id AND hour_start >= :from AND hour_start < :until"
                + ") u GROUP BY u.bucket ORDER BY u.bucket";
        return handle.createQuery(sql).bind("length", length).bind("id", sliceId).bind("from", from)
                .bind("until", until)
                .map((row, context) -> new UsagePoint(row.getLong(1), row.getLong(2), row.getLong(3), row.getLong(4)))
                .list();
    }

    /** One slice's usage on a node in one interval, with the slice's site (who may see it depends on it). */
    record SlicePoint(long sliceId, long sliceSiteId, UsagePoint point) {}

    /** A node's usage per interval of {@code length} seconds and slice in [from, until), by interval. */
    static List<SlicePoint> nodeBuckets(Handle handle, long nodeId, long from, long until, long length) {
        String sql = "SELECT u.bucket, u.slice_id, s.site_id, SUM(u.cpu_ns), SUM(u.bytes_sent), SUM(u.bytes_received)"
                + " FROM (SELECT (sampled_at / :length) * :length AS bucket, slice_id, cpu_ns, bytes_sent, bytes_received"
                + " FROM usage_samples WHERE node_id = :id AND sampled_at >= :from AND sampled_at < :until"
                + " UNION ALL SELECT (hour_start / :length) * :length AS bucket, slice_id, cpu_ns, bytes_sent, bytes_received"
                + " FROM usage_hours WHERE node_id = :id AND hour_start >= :from AND hour_start < :until"
                + ") u JOIN slices s ON s.slice_id = u.slice_id GROUP BY u.bucket, u.slice_id, s.site_id ORDER BY u.bucket";
        return handle.createQuery(sql).bind("length", length).bind("id", nodeId).bind("from", from)
                .bind("until", until)
                .map((row, context) -> new SlicePoint(row.getLong(2), row.getLong(3), new UsagePoint(row.getLong(1),
                        row.getLong(4), row.getLong(5), row.getLong(6))))
                .list();
    }
}
