package org.planetlab.plc.release.rollout;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.planetlab.plc.mutation.Mutation;
import org.planetlab.plc.store.Database;
import org.planetlab.plc.store.Rows;

/**
 * What says a node crashed, for the rollout gates: its boot manager's reports of an agent that
 * exited by itself and was started again (kept in {@code node_agent_crashes}, migration V28), and
 * boots PLC was not asked for (a {@code boot} in the node's boot history with no RebootNode or PCU
 * reboot of the node shortly before: a kernel panic, a watchdog or a power loss). Either one since
 * a wave opened fails its gate, even when the node's latest report and heartbeat look healthy
 * again: the incidents report's nodes that "kept crashing thereafter" looked fine between crashes.
 */
final class CrashReports {
    /** How many crashes of each node are kept. */
    static final int KEPT = 50;
    /** How long before a boot a reboot PLC was asked for explains it (a PCU cycle and a slow boot fit in). */
    static final long REBOOT_EXPLAINS_BOOT_SECONDS = 900;

    private CrashReports() {}

    /** Records that the node's agent of {@code release} exited by itself with {@code exitStatus}. */
    static void record(Mutation mutation, long nodeId, long release, int exitStatus, String message) {
        requireNonNull(message, "message is null");
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("crash_id", Database.nextId(mutation.db(), "node_agent_crashes"));
        row.put("node_id", nodeId);
        row.put("release_number", release);
        row.put("exit_status", exitStatus);
        row.put("reported", mutation.now());
        row.put("message", message);
        Rows.insert(mutation.db(), "node_agent_crashes", row);
        Rows.execute(mutation.db(), "DELETE FROM node_agent_crashes WHERE node_id = :node AND crash_id NOT IN"
                + " (SELECT crash_id FROM node_agent_crashes WHERE node_id = :node ORDER BY crash_id DESC LIMIT " + KEPT + ")",
                Map.of("node", nodeId));
    }

    /** One line per crash of a node in {@code nodes} reported at or after {@code since}, oldest first. */
    static List<String> since(Handle db, Collection<Long> nodes, long since) {
        List<String> crashes = new ArrayList<>();
        Rows.select(db, "SELECT c.node_id, n.hostname, c.release_number, c.exit_status, c.message FROM node_agent_crashes c"
                        + " JOIN nodes n ON n.node_id = c.node_id WHERE c.reported >= ? ORDER BY c.crash_id", List.of(since))
                .map((row, context) -> Map.entry(row.getLong(1), "node " + row.getString(2) + ": its agent on release "
                        + row.getLong(3) + " crashed (exit status " + row.getInt(4) + ") and was started again: "
                        + row.getString(5)))
                .forEach(entry -> {
                    if (nodes.contains(entry.getKey())) {
                        crashes.add(entry.getValue());
                    }
                });
        Rows.select(db, "SELECT b.node_id, n.hostname, b.reported FROM node_boots b JOIN nodes n ON n.node_id = b.node_id"
                        + " WHERE b.event = 'boot' AND b.reported >= ? AND NOT EXISTS (SELECT 1 FROM reboots r"
                        + " WHERE r.node_id = b.node_id AND r.method <> 'pcu-check' AND r.outcome <> 'failed'"
                        + " AND r.requested <= b.reported AND r.requested >= b.reported - " + REBOOT_EXPLAINS_BOOT_SECONDS
                        + ") ORDER BY b.node_boot_id",
                        List.of(since))
                .map((row, context) -> Map.entry(row.getLong(1), "node " + row.getString(2) + " booted again at "
                        + Instant.ofEpochSecond(row.getLong(3)) + " without a reboot PLC was asked for (a crash or a power"
                        + " loss; pl node console " + row.getString(2) + " shows the run before)"))
                .forEach(entry -> {
                    if (nodes.contains(entry.getKey())) {
                        crashes.add(entry.getValue());
                    }
                });
        return crashes;
    }
}
