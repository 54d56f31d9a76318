package org.planetlab.plc.testing;

import java.util.List;
import java.util.Map;
import org.planetlab.plc.store.Database;

/**
 * Every row of every registry table, as text: two snapshots are equal exactly when nothing in
 * the registry changed. The event log and sessions are left out: refused calls are logged by
 * design.
 */
public final class RegistrySnapshot {
    private static final List<String> TABLES = List.of("sites", "site_subnets", "addresses", "persons", "person_roles",
            "person_sites", "person_keys", "key_blacklist", "nodes", "interfaces", "tag_types", "node_tags",
            "nodegroups", "pcus", "pcu_nodes", "conf_files", "conf_file_nodes", "conf_file_nodegroups", "slices",
            "slice_persons", "slice_nodes", "slice_tags", "initscripts", "node_slice_whitelist", "ilinks", "messages",
            "id_counters");

    private RegistrySnapshot() {}

    public static String take(Database database) {
        return database.read(handle -> {
            StringBuilder text = new StringBuilder();
            for (String table : TABLES) {
                text.append(table).append('\n');
                String where = table.equals("id_counters") ? " WHERE name <> 'events'" : "";
                for (Map<String, Object> row : handle.createQuery("SELECT * FROM " + table + where + " ORDER BY 1, 2")
                        .mapToMap().list()) {
                    text.append(new java.util.TreeMap<>(row)).append('\n');
                }
            }
            return text.toString();
        });
    }
}
