package org.planetlab.plc.node;

import java.util.Locale;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.plc.auth.Caller;

/** Finds live nodes by id or host name, and checks who may act on them. */
public final class Nodes {
    private Nodes() {}

    /** What methods need to know about a node. */
    public record NodeRecord(long nodeId, long siteId, String hostname, String bootState) {}

    public static NodeRecord require(Handle handle, Object idOrHostname) {
        return find(handle, idOrHostname).orElseThrow(() -> PlanetLabException.notFound(
                idOrHostname instanceof Long id ? "no node with node_id " + id
                        : "no node with hostname \"" + idOrHostname + "\""));
    }

    public static Optional<NodeRecord> find(Handle handle, Object idOrHostname) {
        String column = idOrHostname instanceof Long ? "node_id" : "hostname_key";
        Object key = idOrHostname instanceof String name ? name.toLowerCase(Locale.ROOT) : idOrHostname;
        return handle.createQuery("SELECT node_id, site_id, hostname, boot_state FROM nodes WHERE deleted = FALSE AND "
                        + column + " = :ref")
                .bind("ref", key)
                .map((row, context) -> new NodeRecord(row.getLong(1), row.getLong(2), row.getString(3), row.getString(4)))
                .findOne();
    }

    /** Operators may act on any node; PIs and techs on their sites' nodes; a node on itself. */
    public static void requireManager(Caller caller, NodeRecord node, String action) {
        boolean allowed = caller.isOperator()
                || (caller.isNode() && caller.nodeId().orElseThrow() == node.nodeId())
                || (caller.isPerson() && caller.isAtSite(node.siteId()));
        if (!allowed) {
            throw PlanetLabException.permissionDenied("%s: node %s belongs to site %d; %s is not at that site"
                    .formatted(action, node.hostname(), node.siteId(), caller.describe()));
        }
    }
}
