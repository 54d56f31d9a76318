package org.planetlab.plc.node;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.api.schema.Filter;
import org.planetlab.plc.api.Call;
import org.planetlab.plc.api.MethodRegistry;
import org.planetlab.plc.change.ObjectType;
import org.planetlab.plc.auth.Caller;
import org.planetlab.plc.auth.Permissions;
import org.planetlab.plc.site.Sites;
import org.planetlab.plc.store.Database;
import org.planetlab.plc.store.QueryEngine;
import org.planetlab.plc.store.Rows;
import org.planetlab.plc.store.SqlCondition;

/** Power control units of sites and the nodes wired to them. */
public final class PcuMethods {
    private static final List<String> FIELDS =
            List.of("hostname", "ip", "protocol", "username", "password", "model", "notes");

    public void register(MethodRegistry registry) {
        registry.bind("AddPCU", this::addPcu)
                .bind("GetPCUs", this::getPcus)
                .bind("UpdatePCU", this::updatePcu)
                .bind("DeletePCU", this::deletePcu)
                .bind("AddNodeToPCU", this::addNodeToPcu)
                .bind("DeleteNodeFromPCU", this::deleteNodeFromPcu);
    }

    private Object addPcu(Call call) {
        Sites.SiteRecord site = Sites.require(call.db(), call.arg(0));
        Permissions.requireSite(call.caller(), site.siteId(), "AddPCU");
        Map<String, Object> fields = call.structArg(1);
        long id = Database.nextId(call.db(), "pcus");
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("pcu_id", id);
        row.put("site_id", site.siteId());
        for (String field : FIELDS) {
            row.put(field, fields.get(field));
        }
        row.put("last_updated", call.now());
        Rows.insert(call.db(), "pcus", row);
        call.affected(ObjectType.PCU, id);
        call.affected(ObjectType.SITE, site.siteId());
        return id;
    }

    private Object getPcus(Call call) {
        Caller caller = call.caller();
        QueryEngine.Access access;
        if (caller.isOperator()) {
            access = QueryEngine.Access.OPERATOR;
        } else if (caller.siteIds().isEmpty()) {
            access = new QueryEngine.Access(false, SqlCondition.of("1 = 0"));
        } else {
            access = new QueryEngine.Access(false, new SqlCondition("t.site_id IN ("
                    + "?, ".repeat(caller.siteIds().size() - 1) + "?)", List.copyOf(caller.siteIds())));
        }
        List<Map<String, Object>> pcus = QueryEngine.get(call.db(), NodeTables.PCUS,
                (Filter) call.optionalArg(0).orElse(Filter.ALL), call.returnFields(1), access);
        if (caller.isNode()) {
            // A node may learn how its PCU is reached, not how to log into it.
            pcus.forEach(pcu -> pcu.computeIfPresent("password", (field, value) -> null));
        }
        return pcus;
    }

    private Object updatePcu(Call call) {
        long id = pcuSite(call, call.longArg(0), "UpdatePCU");
        Map<String, Object> fields = new LinkedHashMap<>(call.structArg(1));
        fields.put("last_updated", call.now());
        Rows.update(call.db(), "pcus", "pcu_id", id, fields);
        call.affected(ObjectType.PCU, id);
        return 1L;
    }

    private Object deletePcu(Call call) {
        long id = pcuSite(call, call.longArg(0), "DeletePCU");
        Rows.execute(call.db(), "DELETE FROM pcu_nodes WHERE pcu_id = :id", Map.of("id", id));
        Rows.execute(call.db(), "DELETE FROM pcus WHERE pcu_id = :id", Map.of("id", id));
        call.affected(ObjectType.PCU, id);
        return 1L;
    }

    private Object addNodeToPcu(Call call) {
        Nodes.NodeRecord node = Nodes.require(call.db(), call.arg(0));
        long pcuId = call.longArg(1);
        long siteId = siteOfPcu(call, pcuId);
        Permissions.requireSite(call.caller(), siteId, "AddNodeToPCU");
        if (node.siteId() != siteId) {
            throw PlanetLabException.invalidArgument("node %s and PCU %d are at different sites".formatted(
                    node.hostname(), pcuId));
        }
        long port = call.longArg(2);
        call.db().createQuery("SELECT node_id FROM pcu_nodes WHERE pcu_id = :pcu AND port = :port")
                .bind("pcu", pcuId).bind("port", port).mapTo(Long.class).findOne()
                .filter(other -> other != node.nodeId()).ifPresent(other -> {
                    throw PlanetLabException.alreadyExists("port %d of PCU %d is taken by node %d".formatted(
                            port, pcuId, other));
                });
        Rows.execute(call.db(), "DELETE FROM pcu_nodes WHERE pcu_id = :pcu AND node_id = :node",
                Map.of("pcu", pcuId, "node", node.nodeId()));
        Rows.insert(call.db(), "pcu_nodes", Map.of("pcu_id", pcuId, "node_id", node.nodeId(), "port", port));
        call.affected(ObjectType.PCU, pcuId);
        call.affected(ObjectType.NODE, node.nodeId());
        return 1L;
    }

    private Object deleteNodeFromPcu(Call call) {
        Nodes.NodeRecord node = Nodes.require(call.db(), call.arg(0));
        long pcuId = call.longArg(1);
        Permissions.requireSite(call.caller(), siteOfPcu(call, pcuId), "DeleteNodeFromPCU");
        Rows.execute(call.db(), "DELETE FROM pcu_nodes WHERE pcu_id = :pcu AND node_id = :node",
                Map.of("pcu", pcuId, "node", node.nodeId()));
        call.affected(ObjectType.PCU, pcuId);
        call.affected(ObjectType.NODE, node.nodeId());
        return 1L;
    }

    private static long pcuSite(Call call, long pcuId, String action) {
        Permissions.requireSite(call.caller(), siteOfPcu(call, pcuId), action);
        return pcuId;
    }

    private static long siteOfPcu(Call call, long pcuId) {
        return call.db().createQuery("SELECT p.site_id FROM pcus p JOIN sites s ON s.site_id = p.site_id"
                        + " AND s.deleted = FALSE WHERE p.pcu_id = :id")
                .bind("id", pcuId).mapTo(Long.class).findOne()
                .orElseThrow(() -> PlanetLabException.notFound("no PCU with pcu_id " + pcuId));
    }
}
