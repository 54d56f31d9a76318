package org.planetlab.plc.lease;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.plc.auth.Caller;
import org.planetlab.plc.change.ObjectType;
import org.planetlab.plc.mutation.Mutation;
import org.planetlab.plc.mutation.MutationPath;
import org.planetlab.plc.node.NodeRef;
import org.planetlab.plc.slice.SliceNames;
import org.planetlab.plc.slice.Slices;
import org.planetlab.plc.store.Database;
import org.planetlab.plc.store.Rows;

/**
 * Advance reservations: leases of reservable nodes to slices. A lease's slot is rounded inward to
 * the granularity (start up, end down, as PLCAPI did), must end in the future, last at most the
 * configured maximum and overlap no other lease of its node. Operators, PIs of the slice's site
 * and the slice's users may add, move and cancel its leases. A request is refused as a whole, and
 * every change marks the leased nodes changed so their GetSlivers views carry the new leases.
 */
public final class LeaseService {
    private final MutationPath mutations;
    private final SliceNames names;
    private final LeaseSettings settings;

    public LeaseService(MutationPath mutations, SliceNames names, LeaseSettings settings) {
        this.mutations = requireNonNull(mutations, "mutations is null");
        this.names = requireNonNull(names, "names is null");
        this.settings = requireNonNull(settings, "settings is null");
    }

    /** Seconds; every lease starts and ends on a multiple of it. */
    public long granularity() {
        return settings.granularitySeconds();
    }

    /** A lease as the rules see it. */
    record Lease(long leaseId, long nodeId, long sliceId, long from, long until) {}

    public List<Long> addLeases(Caller caller, List<NodeRef> nodes, Object sliceIdOrName, long from, long until) {
        return mutations.run(caller, "AddLeases", List.of(nodes.stream().map(NodeRef::key).toList(), sliceIdOrName, from,
                until), mutation -> addLeases(mutation, nodes, sliceIdOrName, from, until));
    }

    /** Adds one lease per node; the ids in the order of the nodes. */
    public List<Long> addLeases(Mutation mutation, List<NodeRef> nodes, Object sliceIdOrName, long from, long until) {
        Handle db = mutation.db();
        Map<Long, ReservableNode> reserved = ReservableNodes.require(db, nodes);
        Slices.SliceRecord slice = Slices.require(db, names, sliceIdOrName);
        Slices.requireManager(db, mutation.caller(), slice, "AddLeases");
        long[] slot = slot(from, until, mutation.now());
        List<Long> ids = new ArrayList<>();
        for (ReservableNode node : reserved.values()) {
            requireFree(db, node, slot[0], slot[1], Optional.empty());
            long id = Database.nextId(db, "leases");
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("lease_id", id);
            row.put("node_id", node.nodeId());
            row.put("slice_id", slice.sliceId());
            row.put("t_from", slot[0]);
            row.put("t_until", slot[1]);
            Rows.insert(db, "leases", row);
            ids.add(id);
            mutation.affected(ObjectType.NODE, node.nodeId());
        }
        mutation.affected(ObjectType.SLICE, slice.sliceId());
        mutation.message("leases %s of %s to %s from %s until %s".formatted(ids, reserved.values().stream()
                .map(ReservableNode::hostname).toList(), slice.name(), Instant.ofEpochSecond(slot[0]),
                Instant.ofEpochSecond(slot[1])));
        return ids;
    }

    /** Moves or resizes leases; a side not given keeps its value. The ids changed, in order. */
    public List<Long> updateLeases(Mutation mutation, List<Long> leaseIds, Optional<Long> from, Optional<Long> until) {
        if (from.isEmpty() && until.isEmpty()) {
            throw PlanetLabException.invalidArgument("lease_fields must give t_from, t_until or both");
        }
        Handle db = mutation.db();
        List<Lease> leases = requireManaged(mutation, leaseIds, "UpdateLeases");
        for (Lease lease : leases) {
            long[] slot = slot(from.orElse(lease.from()), until.orElse(lease.until()), mutation.now());
            requireFree(db, ReservableNodes.require(db, List.of(NodeRef.of(lease.nodeId()))).get(lease.nodeId()), slot[0],
                    slot[1], Optional.of(lease.leaseId()));
            Rows.update(db, "leases", "lease_id", lease.leaseId(), Map.of("t_from", slot[0], "t_until", slot[1]));
            mutation.affected(ObjectType.NODE, lease.nodeId());
        }
        mutation.message("leases %s moved".formatted(leases.stream().map(Lease::leaseId).toList()));
        return leases.stream().map(Lease::leaseId).toList();
    }

    public void deleteLeases(Mutation mutation, List<Long> leaseIds) {
        List<Lease> leases = requireManaged(mutation, leaseIds, "DeleteLeases");
        for (Lease lease : leases) {
            Rows.execute(mutation.db(), "DELETE FROM leases WHERE lease_id = :id", Map.of("id", lease.leaseId()));
            mutation.affected(ObjectType.NODE, lease.nodeId());
        }
        mutation.message("leases %s cancelled".formatted(leases.stream().map(Lease::leaseId).toList()));
    }

    /**
     * The earliest slot of {@code duration} seconds (rounded up to the granularity), starting no
     * earlier than {@code notBefore} nor now, in which every given reservable node is free.
     */
    public LeaseWindow.Window window(Handle db, List<NodeRef> nodes, long duration, long notBefore, long now) {
        Map<Long, ReservableNode> reserved = ReservableNodes.require(db, nodes);
        long length = roundUp(duration);
        if (length > settings.maxLeaseSeconds()) {
            throw PlanetLabException.invalidArgument("duration %d s is longer than a lease may last (%d s, lease.max-lease-days)"
                    .formatted(duration, settings.maxLeaseSeconds()));
        }
        long start = roundUp(Math.max(notBefore, now));
        List<long[]> busy = db.createQuery("SELECT l.t_from, l.t_until FROM leases l WHERE l.node_id IN (<nodes>)"
                        + " AND l.t_until > :start AND " + LeaseTables.LIVE + " ORDER BY l.t_from")
                .bindList("nodes", List.copyOf(reserved.keySet())).bind("start", start)
                .map((row, context) -> new long[] {row.getLong(1), row.getLong(2)}).list();
        long found = LeaseWindow.earliest(busy, start, length);
        return new LeaseWindow.Window(found, found + length, List.copyOf(reserved.keySet()));
    }

    /** The slice's leases that have not ended at {@code now}, earliest first. */
    public List<LeaseDetails> sliceLeases(Handle db, long sliceId, long now) {
        return db.createQuery("SELECT l.lease_id, l.node_id, (SELECT n.hostname FROM nodes n WHERE n.node_id = l.node_id),"
                        + " l.slice_id, l.t_from, l.t_until FROM leases l WHERE l.slice_id = :slice AND l.t_until > :now"
                        + " AND " + LeaseTables.LIVE + " ORDER BY l.t_from, l.lease_id")
                .bind("slice", sliceId).bind("now", now)
                .map((row, context) -> new LeaseDetails(row.getLong(1), row.getLong(2), row.getString(3), row.getLong(4),
                        row.getLong(5), row.getLong(6)))
                .list();
    }

    /** The nodes that can be leased (node_type reservable), by host name. */
    public List<ReservableNode> reservableNodes(Handle db) {
        return ReservableNodes.all(db);
    }

    /** The leases, each of which the caller may manage; refuses all if one is unknown or not theirs. */
    private List<Lease> requireManaged(Mutation mutation, List<Long> leaseIds, String action) {
        List<Lease> leases = new ArrayList<>();
        for (long leaseId : leaseIds.stream().distinct().toList()) {
            Lease lease = mutation.db().createQuery("SELECT l.lease_id, l.node_id, l.slice_id, l.t_from, l.t_until"
                            + " FROM leases l WHERE l.lease_id = :id AND " + LeaseTables.LIVE)
                    .bind("id", leaseId)
                    .map((row, context) -> new Lease(row.getLong(1), row.getLong(2), row.getLong(3), row.getLong(4),
                            row.getLong(5)))
                    .findOne().orElseThrow(() -> PlanetLabException.notFound("no lease with lease_id " + leaseId));
            Slices.SliceRecord slice = Slices.find(mutation.db(), lease.sliceId()).orElseThrow();
            Slices.requireManager(mutation.db(), mutation.caller(), slice, action);
            leases.add(lease);
        }
        return leases;
    }

    /** Checks a requested slot and rounds it inward to the granularity: {from, until}. */
    private long[] slot(long from, long until, long now) {
        if (until <= from) {
            throw PlanetLabException.invalidArgument("t_until (%d) must be after t_from (%d)".formatted(until, from));
        }
        long granularity = settings.granularitySeconds();
        long roundedFrom = roundUp(from);
        long roundedUntil = until - until % granularity;
        if (roundedUntil <= roundedFrom) {
            throw PlanetLabException.invalidArgument(("the slot [%d, %d) holds no whole period of the lease granularity"
                    + " (%d s): leases start and end on multiples of it").formatted(from, until, granularity));
        }
        if (roundedUntil <= now) {
            throw PlanetLabException.invalidArgument("the slot ends at %s, which is past".formatted(
                    Instant.ofEpochSecond(roundedUntil)));
        }
        if (roundedUntil - roundedFrom > settings.maxLeaseSeconds()) {
            throw PlanetLabException.invalidArgument("a lease may last at most %d s (lease.max-lease-days); this one lasts %d s"
                    .formatted(settings.maxLeaseSeconds(), roundedUntil - roundedFrom));
        }
        return new long[] {roundedFrom, roundedUntil};
    }

    private long roundUp(long seconds) {
        long granularity = settings.granularitySeconds();
        long remainder = seconds % granularity;
        return remainder == 0 ? seconds : seconds + granularity - remainder;
    }

    /** Refuses a slot that overlaps another live lease of the node, naming that lease. */
    private static void requireFree(Handle db, ReservableNode node, long from, long until, Optional<Long> except) {
        db.createQuery("SELECT l.lease_id, l.t_from, l.t_until, (SELECT s.name FROM slices s WHERE s.slice_id = l.slice_id)"
                        + " FROM leases l WHERE l.node_id = :node AND l.t_from < :until AND l.t_until > :from"
                        + " AND l.lease_id <> :except AND " + LeaseTables.LIVE + " ORDER BY l.t_from")
                .bind("node", node.nodeId()).bind("from", from).bind("until", until).bind("except", except.orElse(0L))
                .map((row, context) -> new PlanetLabException(ErrorCode.IN_USE, ("node %s is leased to slice %s from %s"
                        + " until %s (lease_id %d), which overlaps [%s, %s); GetLeaseWindow finds a free slot")
                        .formatted(node.hostname(), row.getString(4), Instant.ofEpochSecond(row.getLong(2)),
                                Instant.ofEpochSecond(row.getLong(3)), row.getLong(1), Instant.ofEpochSecond(from),
                                Instant.ofEpochSecond(until))))
                .findFirst().ifPresent(conflict -> {
                    throw conflict;
                });
    }
}
