package org.planetlab.plc.lease;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.planetlab.api.lease.LeaseApi;
import org.planetlab.api.sliver.Reservations;
import org.planetlab.plc.change.ObjectRef;
import org.planetlab.plc.change.ObjectType;

/** What GetSlivers tells a node about reservations: its policy and the leases not yet over. */
public final class NodeReservations {
    private NodeReservations() {}

    /**
     * A reservable node's leases that end after {@code now}; a node of another type has no policy
     * to honour. Every lease change marks its node changed, so a view holding these stays right
     * until then (the leased slices join {@code dependsOn}: deleting one ends its leases); leases
     * that end meanwhile the node drops by its own clock.
     */
    public static Reservations of(Handle db, long nodeId, long now, Set<ObjectRef> dependsOn) {
        String nodeType = db.createQuery("SELECT node_type FROM nodes WHERE node_id = :node")
                .bind("node", nodeId).mapTo(String.class).findOne().orElse("");
        if (!LeaseApi.RESERVABLE.equals(nodeType)) {
            return Reservations.UNRESERVED;
        }
        List<Reservations.Lease> leases = new ArrayList<>();
        db.createQuery("SELECT l.lease_id, s.name, s.hrn, l.t_from,"
                        + " l.t_until, l.slice_id FROM leases l JOIN slices s ON s.slice_id = l.slice_id AND s.is_deleted = FALSE"
                        + " WHERE l.node_id = :node AND l.t_until > :now ORDER BY l.t_from")
                .bind("node", nodeId).bind("now", now)
                .map((row, context) -> {
                    dependsOn.add(new ObjectRef(ObjectType.SLICE, row.getLong(6)));
                    return new Reservations.Lease(row.getLong(1), row.getString(2), row.getString(3), row.getLong(4),
                            row.getLong(5));
                })
                .forEach(leases::add);
        return new Reservations(Reservations.LEASE_OR_IDLE, leases);
    }
}
