package org.planetlab.plc.node;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.api.schema.Filter;
import org.planetlab.plc.api.Call;
import org.planetlab.plc.api.MethodRegistry;
import org.planetlab.plc.change.ObjectType;
import org.planetlab.plc.store.Database;
import org.planetlab.plc.store.QueryEngine;
import org.planetlab.plc.store.Rows;

/** Configuration files installed on nodes. */
public final class ConfFileMethods {
    private static final Map<String, Object> DEFAULTS = Map.of("enabled", true, "file_permissions", "0644",
            "file_owner", "root", "file_group", "root", "ignore_cmd_errors", false, "always_update", false);

    public void register(MethodRegistry registry) {
        registry.bind("AddConfFile", this::addConfFile)
                .bind("GetConfFiles", call -> QueryEngine.get(call.db(), NodeTables.CONF_FILES,
                        (Filter) call.optionalArg(0).orElse(Filter.ALL), call.returnFields(1), QueryEngine.Access.OPERATOR))
                .bind("UpdateConfFile", this::updateConfFile)
                .bind("DeleteConfFile", this::deleteConfFile)
                .bind("AddConfFileToNode", call -> attachToNode(call, true))
                .bind("DeleteConfFileFromNode", call -> attachToNode(call, false))
                .bind("AddConfFileToNodeGroup", call -> attachToGroup(call, true))
                .bind("DeleteConfFileFromNodeGroup", call -> attachToGroup(call, false));
    }

    private Object addConfFile(Call call) {
        Map<String, Object> fields = call.structArg(0);
        long id = Database.nextId(call.db(), "conf_files");
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("conf_file_id", id);
        for (String field : List.of("enabled", "source", "dest", "file_permissions", "file_owner", "file_group",
                "preinstall_cmd", "postinstall_cmd", "error_cmd", "ignore_cmd_errors", "always_update")) {
            row.put(field, fields.containsKey(field) ? fields.get(field) : DEFAULTS.get(field));
        }
        Rows.insert(call.db(), "conf_files", row);
        call.affected(ObjectType.CONF_FILE, id);
        call.changes().affectsEveryNode();
        return id;
    }

    private Object updateConfFile(Call call) {
        long id = requireConfFile(call, call.longArg(0));
        Rows.update(call.db(), "conf_files", "conf_file_id", id, call.structArg(1));
        call.affected(ObjectType.CONF_FILE, id);
        call.changes().affectsEveryNode();
        return 1L;
    }

    private Object deleteConfFile(Call call) {
        long id = requireConfFile(call, call.longArg(0));
        Map<String, Object> parameters = Map.of("id", id);
        Rows.execute(call.db(), "DELETE FROM conf_file_nodes WHERE conf_file_id = :id", parameters);
        Rows.execute(call.db(), "DELETE FROM conf_file_nodegroups WHERE conf_file_id = :id", parameters);
        Rows.execute(call.db(), "DELETE FROM conf_files WHERE conf_file_id = :id", parameters);
        call.affected(ObjectType.CONF_FILE, id);
        call.changes().affectsEveryNode();
        return 1L;
    }

    private Object attachToNode(Call call, boolean attach) {
        long id = requireConfFile(call, call.longArg(0));
        Nodes.NodeRecord node = Nodes.require(call.db(), call.arg(1));
        Map<String, Object> link = Map.of("file", id, "node", node.nodeId());
        Rows.execute(call.db(), "DELETE FROM conf_file_nodes WHERE conf_file_id = :file AND node_id = :node", link);
        if (attach) {
            Rows.insert(call.db(), "conf_file_nodes", Map.of("conf_file_id", id, "node_id", node.nodeId()));
        }
        call.affected(ObjectType.CONF_FILE, id);
        call.affected(ObjectType.NODE, node.nodeId());
        return 1L;
    }

    private Object attachToGroup(Call call, boolean attach) {
        long id = requireConfFile(call, call.longArg(0));
        long groupId = NodeGroupMethods.groupId(call, call.arg(1));
        Map<String, Object> link = Map.of("file", id, "group", groupId);
        Rows.execute(call.db(), "DELETE FROM conf_file_nodegroups WHERE conf_file_id = :file AND nodegroup_id = :group",
                link);
        if (attach) {
            Rows.insert(call.db(), "conf_file_nodegroups", Map.of("conf_file_id", id, "nodegroup_id", groupId));
        }
        call.affected(ObjectType.CONF_FILE, id);
        call.changes().affectsEveryNode();
        return 1L;
    }

    private static long requireConfFile(Call call, long id) {
        boolean exists = call.db().createQuery("SELECT COUNT(*) FROM conf_files WHERE conf_file_id = :id")
                .bind("id", id).mapTo(Long.class).one() > 0;
        if (!exists) {
            throw PlanetLabException.notFound("no configuration file with conf_file_id " + id);
        }
        return id;
    }
}
