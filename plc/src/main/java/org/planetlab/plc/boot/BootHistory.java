package org.planetlab.plc.boot;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.planetlab.api.boot.BootApi;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.plc.auth.Caller;
import org.planetlab.plc.auth.Permissions;
import org.planetlab.plc.mutation.Mutation;
import org.planetlab.plc.node.NodeRef;
import org.planetlab.plc.node.Nodes;
import org.planetlab.plc.store.Database;
import org.planetlab.plc.store.Rows;

/**
 * A node's boot history: each run level its boot manager reported and each finished install,
 * with the state PLC had the node in and the address the report came from, so that a tech can
 * see a node that keeps failing to boot, or a plnode.txt that moved to another machine. The last
 * {@link #KEPT} entries of each node are kept.
 */
public final class BootHistory {
    /** How many entries of each node are kept. */
    public static final int KEPT = 200;
    /** The event of a BootUpdateNode that ended a reinstall. */
    public static final String INSTALLED = "installed";

    private BootHistory() {}

    /** Records one report of {@code node}; written in the report's own transaction. */
    public static void record(Mutation mutation, Nodes.NodeRecord node, String event, String source, String message) {
        requireNonNull(event, "event is null");
        requireNonNull(source, "source is null");
        requireNonNull(message, "message is null");
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("node_boot_id", Database.nextId(mutation.db(), "node_boots"));
        row.put("node_id", node.nodeId());
        row.put("reported", mutation.now());
        row.put("event", event);
        row.put("boot_state", node.bootState());
        row.put("source", source.length() > 64 ? source.substring(0, 64) : source);
        row.put("message", message.length() > 1000 ? message.substring(0, 1000) : message);
        Rows.insert(mutation.db(), "node_boots", row);
        Rows.execute(mutation.db(), "DELETE FROM node_boots WHERE node_id = :node AND node_boot_id NOT IN"
                + " (SELECT node_boot_id FROM node_boots WHERE node_id = :node ORDER BY node_boot_id DESC LIMIT " + KEPT + ")",
                Map.of("node", node.nodeId()));
    }

    /** The run level a node reports, checked against PLCAPI's run levels. */
    public static String runLevel(String text) {
        if (text == null || !BootApi.RUN_LEVELS.contains(text)) {
            throw PlanetLabException.invalidArgument("report_fields.run_level must be one of " + BootApi.RUN_LEVELS);
        }
        return text;
    }

    /** The node's history, newest first, for operators and the node's site. */
    public static List<Map<String, Object>> read(Handle handle, Caller caller, NodeRef ref) {
        Nodes.NodeRecord node = Nodes.require(handle, ref.key());
        Permissions.requireSite(caller, node.siteId(), "GetNodeBootHistory of node " + node.hostname());
        return handle.createQuery("SELECT node_boot_id, node_id, reported, event, boot_state, source, message"
                        + " FROM node_boots WHERE node_id = :node ORDER BY node_boot_id DESC")
                .bind("node", node.nodeId())
                .map((row, context) -> {
                    Map<String, Object> entry = new LinkedHashMap<>();
                    entry.put("node_boot_id", row.getLong(1));
                    entry.put("node_id", row.getLong(2));
                    entry.put("reported", row.getLong(3));
                    entry.put("event", row.getString(4));
                    entry.put("boot_state", row.getString(5));
                    entry.put("source", row.getString(6));
                    entry.put("message", row.getString(7));
                    return entry;
                })
                .list();
    }
}
