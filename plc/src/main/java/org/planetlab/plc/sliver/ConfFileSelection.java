package org.planetlab.plc.sliver;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.planetlab.api.schema.Filter;
import org.planetlab.plc.node.NodeTables;
import org.planetlab.plc.store.QueryEngine;

/**
 * Chooses the configuration files a node installs: enabled global files, then those of its
 * groups, then its own; a more specific file replaces a less specific one with the same
 * destination.
 */
final class ConfFileSelection {
    private ConfFileSelection() {}

    static List<Map<String, Object>> forNode(Handle handle, long nodeId, Set<Long> groupIds) {
        List<Long> ordered = new ArrayList<>();
        ordered.addAll(handle.createQuery("SELECT c.conf_file_id FROM conf_files c WHERE c.enabled = TRUE"
                        + " AND NOT EXISTS (SELECT 1 FROM conf_file_nodes n WHERE n.conf_file_id = c.conf_file_id)"
                        + " AND NOT EXISTS (SELECT 1 FROM conf_file_nodegroups g WHERE g.conf_file_id = c.conf_file_id)"
                        + " ORDER BY c.conf_file_id")
                .mapTo(Long.class).list());
        for (long groupId : groupIds) {
            ordered.addAll(handle.createQuery("SELECT c.conf_file_id FROM conf_files c JOIN conf_file_nodegroups g ON"
                            + " g.conf_file_id = c.conf_file_id WHERE c.enabled = TRUE AND g.nodegroup_id = :group"
                            + " ORDER BY c.conf_file_id")
                    .bind("group", groupId).mapTo(Long.class).list());
        }
        ordered.addAll(handle.createQuery("SELECT c.conf_file_id FROM conf_files c JOIN conf_file_nodes n ON"
                        + " n.conf_file_id = c.conf_file_id WHERE c.enabled = TRUE AND n.node_id = :node"
                        + " ORDER BY c.conf_file_id")
                .bind("node", nodeId).mapTo(Long.class).list());
        if (ordered.isEmpty()) {
            return List.of();
        }
        Map<Long, Map<String, Object>> files = new LinkedHashMap<>();
        for (Map<String, Object> file : QueryEngine.get(handle, NodeTables.CONF_FILES, Filter.byIds(ordered), null,
                QueryEngine.Access.OPERATOR)) {
            files.put((Long) file.get("conf_file_id"), file);
        }
        Map<Object, Map<String, Object>> byDestination = new LinkedHashMap<>();
        for (long id : ordered) {
            Map<String, Object> file = files.get(id);
            byDestination.remove(file.get("dest"));
            byDestination.put(file.get("dest"), file);
        }
        return List.copyOf(byDestination.values());
    }
}
