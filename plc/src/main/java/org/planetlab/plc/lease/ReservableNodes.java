package org.planetlab.plc.lease;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.api.lease.LeaseApi;
import org.planetlab.plc.node.NodeRef;

/** Finds the live nodes a lease request names and refuses any that is not reservable. */
final class ReservableNodes {
    private ReservableNodes() {}

    /** The nodes by id, each once, in the order named; refuses an empty list, unknown and non-reservable nodes. */
    static Map<Long, ReservableNode> require(Handle db, List<NodeRef> refs) {
        if (refs.isEmpty()) {
            throw PlanetLabException.invalidArgument("no node given: name at least one reservable node");
        }
        Map<Long, ReservableNode> nodes = new LinkedHashMap<>();
        for (NodeRef ref : refs) {
            String column = ref instanceof NodeRef.ById ? "node_id" : "hostname_key";
            Object key = ref.key() instanceof String hostname ? hostname.toLowerCase(Locale.ROOT) : ref.key();
            Map<String, Object> row = db.createQuery("SELECT node_id, hostname, node_type FROM nodes WHERE deleted = FALSE"
                            + " AND " + column + " = :ref")
                    .bind("ref", key).mapToMap().findOne()
                    .orElseThrow(() -> PlanetLabException.notFound(ref instanceof NodeRef.ById byId
                            ? "no node with node_id " + byId.nodeId() : "no node with hostname \"" + ref.key() + "\""));
            String hostname = (String) row.get("hostname");
            if (!LeaseApi.RESERVABLE.equals(row.get("node_type"))) {
                throw PlanetLabException.invalidArgument(("node %s is not reservable (node_type %s): only nodes of type"
                        + " reservable are leased; its site's tech or an operator makes it so with UpdateNode")
                        .formatted(hostname, row.get("node_type")));
            }
            long nodeId = ((Number) row.get("node_id")).longValue();
            nodes.putIfAbsent(nodeId, new ReservableNode(nodeId, hostname));
        }
        return nodes;
    }

    /** Every live reservable node, by host name. */
    static List<ReservableNode> all(Handle db) {
        return db.createQuery("SELECT node_id, hostname FROM nodes WHERE deleted = FALSE AND node_type = :type"
                        + " ORDER BY hostname")
                .bind("type", LeaseApi.RESERVABLE)
                .map((row, context) -> new ReservableNode(row.getLong(1), row.getString(2))).list();
    }
}
