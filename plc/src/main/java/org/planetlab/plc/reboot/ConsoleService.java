package org.planetlab.plc.reboot;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.plc.auth.Caller;
import org.planetlab.plc.auth.Permissions;
import org.planetlab.plc.mutation.Mutation;
import org.planetlab.plc.node.NodeRef;
import org.planetlab.plc.node.Nodes;
import org.planetlab.plc.store.Database;
import org.planetlab.plc.store.Rows;

/**
 * The console output nodes upload after each boot: the end of what the boot before said, which
 * is what a tech needs after a crash (the incidents report's panics nobody could read). A node
 * uploads only its own; the last {@link #KEPT} of each node are kept; operators and the node's
 * site read them.
 */
public final class ConsoleService {
    /** How many uploads of each node are kept. */
    public static final int KEPT = 5;

    /** Records a node's upload; only a node may upload, and only its own console. */
    public void report(Mutation mutation, long bootStarted, String text) {
        requireNonNull(text, "text is null");
        Caller caller = mutation.caller();
        long nodeId = caller.nodeId().orElseThrow(() -> PlanetLabException.permissionDenied(
                "ReportConsoleLog: only a node uploads its console log"));
        // The console is the node's record, not a registry change: no event-log entry carries its text.
        mutation.quietIfUnchanged();
        long consoleId = Database.nextId(mutation.db(), "node_consoles");
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("console_id", consoleId);
        row.put("node_id", nodeId);
        row.put("boot_started", bootStarted);
        row.put("uploaded", mutation.now());
        row.put("text", text);
        Rows.insert(mutation.db(), "node_consoles", row);
        Rows.execute(mutation.db(), "DELETE FROM node_consoles WHERE node_id = :node AND console_id NOT IN"
                + " (SELECT console_id FROM node_consoles WHERE node_id = :node ORDER BY console_id DESC LIMIT " + KEPT + ")",
                Map.of("node", nodeId));
    }

    /** The node's kept console logs, newest first, for operators and the node's site. */
    public List<Map<String, Object>> consoles(Handle handle, Caller caller, NodeRef ref) {
        Nodes.NodeRecord node = Nodes.require(handle, ref.key());
        Permissions.requireSite(caller, node.siteId(), "GetNodeConsoleLogs of node " + node.hostname());
        return handle.createQuery("SELECT console_id, node_id, boot_started, text, uploaded FROM node_consoles"
                        + " WHERE node_id = :node ORDER BY console_id DESC")
                .bind("node", node.nodeId())
                .map((row, context) -> {
                    Map<String, Object> console = new LinkedHashMap<>();
                    console.put("console_id", row.getLong(1));
                    console.put("node_id", row.getLong(2));
                    console.put("boot_started", row.getLong(3));
                    console.put("text", row.getString(4));
                    console.put("uploaded", row.getLong(5));
                    return console;
                })
                .list();
    }
}
