package org.planetlab.plc.monitor;

import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.planetlab.api.wire.JsonCodec;
import org.planetlab.plc.store.ColumnKind;
import org.planetlab.plc.store.Database;

/** The SQL of node_health and node_availability: the latest heartbeats and the intervals. */
final class AvailabilityHistory {
    /** The interval a node is in now. */
    record Open(long intervalId, long nodeId, boolean up, long start) {}

    private static final JsonCodec JSON = new JsonCodec();

    private AvailabilityHistory() {}

    /** Writes the latest heartbeat of each node in one batch, replacing the older ones. */
    static void writeHeartbeats(Handle handle, Iterable<HeartbeatBook.Received> batch) {
        var upsert = handle.prepareBatch("INSERT INTO node_health (node_id, received, sent_at, agent_started, sequence,"
                + " agent_version, boot_state, run_level, load_average, memory_total, memory_free, disk_total, disk_free,"
                + " slivers, clock_offset_ms, errors) VALUES (:node, :received, :sent, :started, :sequence, :version, :boot,"
                + " :run, :load, :memory_total, :memory_free, :disk_total, :disk_free, :slivers, :offset, :errors)"
                + " ON CONFLICT (node_id) DO UPDATE SET received = excluded.received, sent_at = excluded.sent_at,"
                + " agent_started ="
                + " excluded.agent_started, sequence = excluded.sequence, agent_version = excluded.agent_version,"
                + " boot_state = excluded.boot_state, run_level = excluded.run_level, load_average ="
                + " excluded.load_average, memory_total = excluded.memory_total, memory_free = excluded.memory_free,"
                + " disk_total = excluded.disk_total, disk_free = excluded.disk_free, slivers = excluded.slivers,"
                + " clock_offset_ms = excluded.clock_offset_ms, errors = excluded.errors");
        for (HeartbeatBook.Received received : batch) {
            Heartbeat beat = received.heartbeat();
            upsert.bind("node", received.nodeId()).bind("received", received.received())
                    .bind("sent", beat.sentAt())                    .bind("started", beat.agentStarted()).bind("sequence", beat.sequence())
                    .bind("version", beat.agentVersion()).bind("boot", beat.bootState()).bind("run", beat.runLevel())
                    .bind("load", beat.load()).bind("memory_total", beat.memoryTotal())
                    .bind("memory_free", beat.memoryFree()).bind("disk_total", beat.diskTotal())
                    .bind("disk_free", beat.diskFree()).bind("slivers", beat.slivers())
                    .bind("offset", beat.clockOffsetMillis()).bind("errors", new String(JSON.write(beat.errors()), StandardCharsets.UTF_8)).add();
        }
        upsert.execute();
    }

    /** The node_health columns {@link #heartbeat} reads, qualified with the table's alias ({@code formatted(alias)}). */
    static final String HEARTBEAT_COLUMNS = "%1$s.sent_at, %1$s.agent_started, %1$s.sequence, %1$s.agent_version,"
            + " %1$s.boot_state, %1$s.run_level, %1$s.load_average, %1$s.memory_total, %1$s.memory_free, %1$s.disk_total,"
            + " %1$s.disk_free, %1$s.slivers, %1$s.clock_offset_ms, %1$s.errors";

    /** The last heartbeat written for a node, with when it arrived. */
    static Optional<Map.Entry<Long, Heartbeat>> storedHeartbeat(Handle handle, long nodeId) {
        return handle.createQuery("SELECT h.received, " + HEARTBEAT_COLUMNS.formatted("h")
                        + " FROM node_health h WHERE h.node_id = :node")
                .bind("node", nodeId)
                .map((row, context) -> Map.entry(row.getLong(1), heartbeat(row, 2)))
                .findOne();
    }

    /** The heartbeat in the {@link #HEARTBEAT_COLUMNS} that start at column {@code first}. */
    static Heartbeat heartbeat(ResultSet row, int first) throws SQLException {
        return new Heartbeat(row.getLong(first), row.getLong(first + 1), row.getLong(first + 2), row.getString(first + 3),
                row.getString(first + 4), row.getString(first + 5), row.getDouble(first + 6), row.getLong(first + 7),
                row.getLong(first + 8), row.getLong(first + 9), row.getLong(first + 10), row.getLong(first + 11),
                row.getLong(first + 12), errors(row.getString(first + 13)));
    }

    private static List<String> errors(String json) {
        return ((List<?>) JSON.read(json.getBytes(StandardCharsets.UTF_8))).stream().map(String.class::cast).toList();
    }

    /** Every node's current interval, by node. */
    static Map<Long, Open> openIntervals(Handle handle) {
        Map<Long, Open> open = new HashMap<>();
        handle.createQuery("SELECT interval_id, node_id, up, started FROM node_availability WHERE ended IS NULL")
                .map((row, context) -> new Open(row.getLong(1), row.getLong(2), row.getBoolean(3), row.getLong(4)))
                .forEach(interval -> open.put(interval.nodeId(), interval));
        return open;
    }

    /** Ends the node's current interval (if any) at {@code at} and opens the next one there. */
    static void transition(Handle handle, long nodeId, long siteId, Optional<Open> current, boolean up, long at,
            String reason) {
        long start = current.map(open -> Math.max(open.start(), at)).orElse(at);
        current.ifPresent(open -> handle.createUpdate("UPDATE node_availability SET ended = :ended"
                + " WHERE interval_id = :id").bind("ended", start).bind("id", open.intervalId()).execute());
        handle.createUpdate("INSERT INTO node_availability (interval_id, node_id, site_id, up, started, ended, reason)"
                        + " VALUES (:id, :node, :site, :up, :started, NULL, :reason)")
                .bind("id", Database.nextId(handle, "node_availability")).bind("node", nodeId).bind("site", siteId)
                .bind("up", up).bind("started", start).bind("reason", reason).execute();
    }

    /**
     * The intervals of these nodes that overlap {@code [from, until)}, oldest first, by node, and
     * those that begin at {@code until}: asked with {@code until} = now, a node that came up in
     * the current second is listed (with no time counted yet), as a person asking expects.
     */
    static Map<Long, List<AvailabilityInterval>> intervals(Handle handle, List<Long> nodeIds, long from, long until) {
        Map<Long, List<AvailabilityInterval>> byNode = new HashMap<>();
        if (nodeIds.isEmpty()) {
            return byNode;
        }
        handle.createQuery("SELECT node_id, up, started, ended, reason FROM node_availability WHERE node_id IN"
                        + " (<nodes>) AND started <= :until AND (ended IS NULL OR ended > :from) ORDER BY node_id, started")
                .bindList("nodes", nodeIds).bind("from", from).bind("until", until)
                .map((row, context) -> Map.entry(row.getLong(1), new AvailabilityInterval(row.getBoolean(2),
                        row.getLong(3), Optional.ofNullable((Long) ColumnKind.INTEGER.read(row, 4)), row.getString(5))))
                .forEach(entry -> byNode.computeIfAbsent(entry.getKey(), node -> new ArrayList<>())
                        .add(entry.getValue()));
        return byNode;
    }
}
