package org.planetlab.am.call;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.planetlab.am.geni.GeniCode;
import org.planetlab.am.geni.GeniException;
import org.planetlab.am.rspec.RequestRspec;
import org.planetlab.am.rspec.RspecDocument;
import org.planetlab.am.urn.Urn;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.plc.Plc;
import org.planetlab.plc.mutation.Mutation;
import org.planetlab.plc.node.NodeDetails;
import org.planetlab.plc.node.NodeRef;

/**
 * The AM API's {@code geni_start_time} and {@code geni_end_time} on Allocate as PLC's leases of
 * reservable nodes (PLCAPI's AddLeases, with its rules: slots rounded inward to the granularity,
 * no overlap with another slice's lease). A window may not start in the past (beyond a minute of
 * clock difference, which counts as now), must end after it starts and no later than the slice
 * credential, and applies only to reservable nodes: an ordinary node is shared and runs a sliver
 * as soon as it is provisioned, so a window there means nothing and is refused. Provision's
 * {@code geni_end_time} and Renew move the end of the slivers' leases in the same change; a
 * reservable node allocated without a window needs a lease the slice already holds.
 */
final class Reservations {
    /** How far in the past a start may be and still mean "now": the caller's clock and ours differ. */
    static final Duration CLOCK_DIFFERENCE = Duration.ofMinutes(1);
    static final String RESERVABLE = "reservable";

    /** A window asked for, in seconds since the epoch, half-open. */
    record Window(long from, long until) {
        Window {
            if (until <= from) {
                throw new IllegalArgumentException("a window ends after it starts");
            }
        }
    }

    /** A lease PLC granted: the node and its slot, as rounded to the granularity. */
    record Granted(long leaseId, long nodeId, long from, long until) {}

    private Reservations() {
    }

    /** The window Allocate's options ask for, if any; BADARGS for times that make no window. */
    static Optional<Window> requested(Map<String, Object> options, Instant now, Instant credentialExpires) {
        requireNonNull(options, "options is null");
        Object start = options.get("geni_start_time");
        Object end = options.get("geni_end_time");
        if (start == null && end == null) {
            return Optional.empty();
        }
        if (end == null) {
            throw GeniException.badArgs("geni_start_time needs geni_end_time: a reservation of PLC's reservable nodes is a"
                    + " window with both ends");
        }
        Instant from = start == null ? now : time(start, "Allocate", "geni_start_time");
        Instant until = time(end, "Allocate", "geni_end_time");
        if (from.isBefore(now.minus(CLOCK_DIFFERENCE))) {
            throw GeniException.badArgs("geni_start_time " + RspecDocument.time(from) + " is in the past (now is "
                    + RspecDocument.time(now) + "); ask for a window that starts now or later");
        }
        if (from.isBefore(now)) {
            from = now;
        }
        if (!until.isAfter(from)) {
            throw GeniException.badArgs("geni_end_time " + RspecDocument.time(until) + " is not after geni_start_time "
                    + RspecDocument.time(from) + "; a window ends after it starts");
        }
        if (until.isAfter(credentialExpires)) {
            throw GeniException.badArgs("geni_end_time " + RspecDocument.time(until) + " is after the slice credential's"
                    + " expiry (" + RspecDocument.time(credentialExpires) + "); renew the slice first or end the window earlier");
        }
        return Optional.of(new Window(from.getEpochSecond(), until.getEpochSecond()));
    }

    /**
     * Allocate's options with the window the request's {@code <lease>} elements ask for, as
     * {@code geni_start_time} and {@code geni_end_time} (from {@code start_time}, and
     * {@code duration} slots of {@code granularity} seconds later), so that the same rules apply.
     * One window per Allocate: the leases must agree on it, cover exactly the request's nodes,
     * name this slice if they name one, and not come with those options too (each BADARGS).
     */
    static Map<String, Object> withLeases(Map<String, Object> options, RequestRspec request, Urn slice, long granularity) {
        if (request.leases().isEmpty()) {
            return options;
        }
        if (options.containsKey("geni_start_time") || options.containsKey("geni_end_time")) {
            throw GeniException.badArgs("the request RSpec has <lease> elements and the options geni_start_time/geni_end_time;"
                    + " ask for the window one way");
        }
        RequestRspec.RequestedLease first = request.leases().getFirst();
        Set<Urn> leased = new HashSet<>();
        for (RequestRspec.RequestedLease lease : request.leases()) {
            if (lease.sliceId().isPresent() && !lease.sliceId().get().equals(slice)) {
                throw GeniException.badArgs("<lease slice_id=\"" + lease.sliceId().get() + "\"> is not the slice allocated, " + slice);
            }
            if (!lease.start().equals(first.start()) || lease.slots() != first.slots()) {
                throw GeniException.badArgs("the <lease> elements ask for different windows; this aggregate leases one window"
                        + " per Allocate (allocate the others in another call)");
            }
            leased.addAll(lease.nodes());
        }
        Set<Urn> requested = new HashSet<>(request.nodes().stream().map(RequestRspec.RequestedNode::componentId).toList());
        if (!leased.equals(requested)) {
            Set<Urn> unleased = new HashSet<>(requested);
            unleased.removeAll(leased);
            Set<Urn> stray = new HashSet<>(leased);
            stray.removeAll(requested);
            throw GeniException.badArgs("the <lease> elements must name exactly the request's nodes"
                    + (unleased.isEmpty() ? "" : "; not leased: " + unleased) + (stray.isEmpty() ? "" : "; leased but not requested: " + stray));
        }
        if (first.slots() > Long.MAX_VALUE / 2 / granularity) {
            throw GeniException.badArgs("<lease duration=\"" + first.slots() + "\"> is too long");
        }
        Map<String, Object> withWindow = new LinkedHashMap<>(options);
        withWindow.put("geni_start_time", first.start());
        withWindow.put("geni_end_time", first.start().plusSeconds(first.slots() * granularity));
        return withWindow;
    }

    /**
     * The end Provision's {@code geni_end_time} asks the slivers' leases to move to, if given:
     * BADARGS for a time not in the future or after the slice credential.
     */
    static Optional<Long> requestedEnd(Map<String, Object> options, Instant now, Instant credentialExpires) {
        Object end = options.get("geni_end_time");
        if (end == null) {
            return Optional.empty();
        }
        Instant until = time(end, "Provision", "geni_end_time");
        if (!until.isAfter(now)) {
            throw GeniException.badArgs("geni_end_time " + RspecDocument.time(until) + " is not in the future");
        }
        if (until.isAfter(credentialExpires)) {
            throw GeniException.badArgs("geni_end_time " + RspecDocument.time(until) + " is after the slice credential's"
                    + " expiry (" + RspecDocument.time(credentialExpires) + "); renew the credential at the slice authority first");
        }
        return Optional.of(until.getEpochSecond());
    }

    /** REFUSED unless every node is reservable: a window on a shared node has no meaning. */
    static void requireReservable(Collection<NodeDetails> nodes) {
        for (NodeDetails node : nodes) {
            if (!RESERVABLE.equals(node.nodeType())) {
                throw new GeniException(GeniCode.REFUSED, "node " + node.hostname() + " is not reservable: it is shared and"
                        + " runs a sliver as soon as it is provisioned; allocate it without geni_start_time and geni_end_time");
            }
        }
    }

    /** Leases the nodes to the slice for the window, in the Allocate's own change. */
    static void lease(Plc plc, Mutation mutation, List<NodeDetails> nodes, long sliceId, Window window) {
        plc.leases().addLeases(mutation, nodes.stream().map(node -> NodeRef.of(node.nodeId())).toList(), sliceId, window.from(),
                window.until());
    }

    /**
     * Allocate without a window: a reservable node runs only the slice holding its current lease,
     * so its sliver would never run unless the slice already holds a lease of it that is not over
     * (made with AddLeases). BADARGS naming the node otherwise, rather than a sliver that never runs.
     * Inside a change, refusals are PLC's own (invalid argument, BADARGS to the caller), which the
     * mutation path records as refused rather than failed.
     */
    static void requireLeaseWithoutWindow(Handle db, Collection<NodeDetails> nodes, long sliceId, long now) {
        Map<Long, Granted> held = nextByNode(db, sliceId, now);
        for (NodeDetails node : nodes) {
            if (RESERVABLE.equals(node.nodeType()) && !held.containsKey(node.nodeId())) {
                throw PlanetLabException.invalidArgument("node " + node.hostname() + " is reservable: it runs only the slice holding its"
                        + " current lease, and this slice holds none of it; ask for a window with geni_start_time and"
                        + " geni_end_time (GetLeaseWindow, or pl lease find, gives the earliest free one)");
            }
        }
    }

    /**
     * Moves the end of the slice's running or next lease on each of these nodes to {@code until}
     * (rounded down to the granularity), in the caller's change: BUSY naming the lease in the way
     * if the longer slot collides, BADARGS if it would end before the lease starts. Nodes without
     * such a lease (shared nodes) are left as they are.
     */
    static void moveEnds(Plc plc, Mutation mutation, long sliceId, Collection<Long> nodeIds, long until) {
        Map<Long, Granted> next = nextByNode(mutation.db(), sliceId, mutation.now());
        List<Long> ids = new ArrayList<>();
        for (long nodeId : nodeIds) {
            Granted lease = next.get(nodeId);
            if (lease == null) {
                continue;
            }
            if (until <= lease.from()) {
                throw PlanetLabException.invalidArgument("the new end " + RspecDocument.time(Instant.ofEpochSecond(until)) + " is not after"
                        + " the start of lease " + lease.leaseId() + " (" + RspecDocument.time(Instant.ofEpochSecond(lease.from()))
                        + "); Delete the sliver to give its window back");
            }
            ids.add(lease.leaseId());
        }
        if (!ids.isEmpty()) {
            plc.leases().updateLeases(mutation, ids, Optional.empty(), Optional.of(until));
        }
    }

    /** Cancels the slice's leases on these nodes that are not over yet (Delete gives the window back). */
    static void release(Plc plc, Mutation mutation, long sliceId, Collection<Long> nodeIds) {
        List<Long> ids = current(mutation.db(), sliceId, mutation.now()).stream()
                .filter(lease -> nodeIds.contains(lease.nodeId())).map(Granted::leaseId).toList();
        if (!ids.isEmpty()) {
            plc.leases().deleteLeases(mutation, ids);
        }
    }

    /** The window of a granted lease as AM API times, beside a sliver's status. */
    static void describe(Granted lease, Map<String, Object> status) {
        status.put("geni_start_time", RspecDocument.time(Instant.ofEpochSecond(lease.from())));
        status.put("geni_end_time", RspecDocument.time(Instant.ofEpochSecond(lease.until())));
    }

    /** The slice's lease on each node that is running or comes next, for the slivers' status. */
    static Map<Long, Granted> nextByNode(Handle db, long sliceId, long now) {
        Map<Long, Granted> next = new LinkedHashMap<>();
        for (Granted lease : current(db, sliceId, now)) {
            next.merge(lease.nodeId(), lease, (one, other) -> one.from() <= other.from() ? one : other);
        }
        return next;
    }

    private static List<Granted> current(Handle db, long sliceId, long now) {
        return db.createQuery("SELECT lease_id, node_id, t_from, t_until FROM leases WHERE slice_id = :slice AND t_until > :now")
                .bind("slice", sliceId).bind("now", now)
                .map((rows, context) -> new Granted(rows.getLong("lease_id"), rows.getLong("node_id"), rows.getLong("t_from"),
                        rows.getLong("t_until")))
                .list();
    }

    private static Instant time(Object value, String call, String name) {
        if (value instanceof Instant instant) {
            return instant;
        }
        if (value instanceof String text) {
            return CallArguments.parseTime(text, call + ": " + name);
        }
        throw GeniException.badArgs(name + " must be an RFC 3339 time such as 2030-03-17T18:00:00Z, not "
                + value.getClass().getSimpleName());
    }
}
