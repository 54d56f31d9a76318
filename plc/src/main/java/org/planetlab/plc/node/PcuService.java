package org.planetlab.plc.node;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ArrayList;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.plc.auth.Caller;
import org.planetlab.plc.auth.Permissions;
import org.planetlab.plc.change.ObjectType;
import org.planetlab.plc.mutation.Mutation;
import org.planetlab.plc.mutation.MutationPath;
import org.planetlab.plc.site.SiteRef;
import org.planetlab.plc.site.Sites;
import org.planetlab.plc.store.Database;
import org.planetlab.plc.store.Rows;

/**
 * Power control units of sites and the nodes wired to them: only operators and the people of a
 * PCU's site act on it, a PCU powers only nodes of its own site, and one port powers one node.
 */
public final class PcuService {
    private final MutationPath mutations;

    public PcuService(MutationPath mutations) {
        this.mutations = requireNonNull(mutations, "mutations is null");
    }

    /** The PCUs of site {@code siteId}, by id, with the live nodes wired to each; never their logins. */
    public List<PcuDetails> pcus(Handle handle, long siteId) {
        Map<Long, List<PcuDetails.Wire>> wiring = new LinkedHashMap<>();
        handle.createQuery("SELECT j.pcu_id, n.node_id, n.hostname, j.port FROM pcu_nodes j JOIN pcus p ON"
                        + " p.pcu_id = j.pcu_id JOIN nodes n ON n.node_id = j.node_id AND n.deleted = FALSE"
                        + " WHERE p.site_id = :site ORDER BY j.port, n.node_id")
                .bind("site", siteId)
                .map((row, context) -> Map.entry(row.getLong(1), new PcuDetails.Wire(row.getLong(2), row.getString(3),
                        row.getLong(4))))
                .forEach(entry -> wiring.computeIfAbsent(entry.getKey(), id -> new ArrayList<>()).add(entry.getValue()));
        return handle.createQuery("SELECT pcu_id, site_id, hostname, ip, protocol, model FROM pcus WHERE site_id = :site"
                        + " ORDER BY pcu_id")
                .bind("site", siteId)
                .map((row, context) -> new PcuDetails(row.getLong(1), row.getLong(2),
                        Optional.ofNullable(row.getString(3)), Optional.ofNullable(row.getString(4)),
                        Optional.ofNullable(row.getString(5)), Optional.ofNullable(row.getString(6)),
                        wiring.getOrDefault(row.getLong(1), List.of())))
                .list();
    }

    public long addPcu(Caller caller, SiteRef site, PcuFields pcu) {
        return mutations.run(caller, "AddPCU", List.of(site.key()), mutation -> addPcu(mutation, site, pcu));
    }

    public long addPcu(Mutation mutation, SiteRef ref, PcuFields pcu) {
        Sites.SiteRecord site = Sites.require(mutation.db(), ref.key());
        Permissions.requireSite(mutation.caller(), site.siteId(), "AddPCU");
        Map<String, Object> given = pcu.columns();
        long id = Database.nextId(mutation.db(), "pcus");
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("pcu_id", id);
        row.put("site_id", site.siteId());
        for (String field : PcuFields.NAMES) {
            row.put(field, given.get(field));
        }
        row.put("last_updated", mutation.now());
        Rows.insert(mutation.db(), "pcus", row);
        mutation.affected(ObjectType.PCU, id);
        mutation.affected(ObjectType.SITE, site.siteId());
        return id;
    }

    public void updatePcu(Caller caller, long pcuId, PcuFields changes) {
        mutations.run(caller, "UpdatePCU", List.of(pcuId), mutation -> {
            updatePcu(mutation, pcuId, changes);
            return null;
        });
    }

    public void updatePcu(Mutation mutation, long pcuId, PcuFields changes) {
        requireSitePerson(mutation, pcuId, "UpdatePCU");
        Map<String, Object> columns = changes.columns();
        columns.put("last_updated", mutation.now());
        Rows.update(mutation.db(), "pcus", "pcu_id", pcuId, columns);
        mutation.affected(ObjectType.PCU, pcuId);
    }

    public void deletePcu(Mutation mutation, long pcuId) {
        requireSitePerson(mutation, pcuId, "DeletePCU");
        Rows.execute(mutation.db(), "DELETE FROM pcu_nodes WHERE pcu_id = :id", Map.of("id", pcuId));
        Rows.execute(mutation.db(), "DELETE FROM pcus WHERE pcu_id = :id", Map.of("id", pcuId));
        mutation.affected(ObjectType.PCU, pcuId);
    }

    public void addNodeToPcu(Caller caller, NodeRef node, long pcuId, long port) {
        mutations.run(caller, "AddNodeToPCU", List.of(node.key(), pcuId, port), mutation -> {
            addNodeToPcu(mutation, node, pcuId, port);
            return null;
        });
    }

    /** Wires a node to a port of a PCU of its site, in place of any port it was wired to before. */
    public void addNodeToPcu(Mutation mutation, NodeRef ref, long pcuId, long port) {
        Nodes.NodeRecord node = Nodes.require(mutation.db(), ref.key());
        long siteId = siteOfPcu(mutation, pcuId);
        Permissions.requireSite(mutation.caller(), siteId, "AddNodeToPCU");
        if (node.siteId() != siteId) {
            throw PlanetLabException.invalidArgument("node %s and PCU %d are at different sites".formatted(
                    node.hostname(), pcuId));
        }
        mutation.db().createQuery("SELECT node_id FROM pcu_nodes WHERE pcu_id = :pcu AND port = :port")
                .bind("pcu", pcuId).bind("port", port).mapTo(Long.class).findOne()
                .filter(other -> other != node.nodeId()).ifPresent(other -> {
                    throw PlanetLabException.alreadyExists("port %d of PCU %d is taken by node %d".formatted(
                            port, pcuId, other));
                });
        Rows.execute(mutation.db(), "DELETE FROM pcu_nodes WHERE pcu_id = :pcu AND node_id = :node",
                Map.of("pcu", pcuId, "node", node.nodeId()));
        Rows.insert(mutation.db(), "pcu_nodes", Map.of("pcu_id", pcuId, "node_id", node.nodeId(), "port", port));
        mutation.affected(ObjectType.PCU, pcuId);
        mutation.affected(ObjectType.NODE, node.nodeId());
    }

    public void removeNodeFromPcu(Mutation mutation, NodeRef ref, long pcuId) {
        Nodes.NodeRecord node = Nodes.require(mutation.db(), ref.key());
        requireSitePerson(mutation, pcuId, "DeleteNodeFromPCU");
        Rows.execute(mutation.db(), "DELETE FROM pcu_nodes WHERE pcu_id = :pcu AND node_id = :node",
                Map.of("pcu", pcuId, "node", node.nodeId()));
        mutation.affected(ObjectType.PCU, pcuId);
        mutation.affected(ObjectType.NODE, node.nodeId());
    }

    private static void requireSitePerson(Mutation mutation, long pcuId, String action) {
        Permissions.requireSite(mutation.caller(), siteOfPcu(mutation, pcuId), action);
    }

    private static long siteOfPcu(Mutation mutation, long pcuId) {
        return mutation.db().createQuery("SELECT p.site_id FROM pcus p JOIN sites s ON s.site_id = p.site_id"
                        + " AND s.deleted = FALSE WHERE p.pcu_id = :id")
                .bind("id", pcuId).mapTo(Long.class).findOne()
                .orElseThrow(() -> PlanetLabException.notFound("no PCU with pcu_id " + pcuId));
    }
}
