package org.planetlab.plc.monitor;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.api.monitor.MonitorApi;
import org.planetlab.plc.auth.Caller;
import org.planetlab.plc.auth.NodeClock;
import org.planetlab.plc.mutation.MutationPath;
import org.planetlab.plc.store.Database;

/**
 * Node heartbeats and the availability history they make. A heartbeat costs no write: the
 * latest of each node is kept in memory and {@link #writeHeartbeats} writes them in one batch,
 * recording in the history only the transitions (a node heard again after silence, a node
 * reporting a boot state other than boot). {@link #markSilentNodesDown} ends the up interval
 * of every node silent longer than the threshold; with several servers on one store only one
 * runs it at a time. Both run on PLC's monitor timer, through the {@link MutationPath}.
 */
public final class AvailabilityService {
    /** A node silent this long is down: four missed heartbeats, found within thirty seconds. */
    public static final long DEFAULT_SILENCE_SECONDS = 20;
    /** How often heartbeats are written and silent nodes looked for. */
    public static final long CHECK_INTERVAL_SECONDS = 5;
    /** The advisory lock of the silence watch, so that one server at a time runs it ("PLCWATCH"). */
    private static final long WATCH_LOCK_KEY = 0x504c_4357_4154_4348L;

    private final MutationPath mutations;
    private final Database database;
    private final long silenceSeconds;
    private final HeartbeatBook book = new HeartbeatBook();

    public AvailabilityService(MutationPath mutations, Database database, long silenceSeconds) {
        this.mutations = requireNonNull(mutations, "mutations is null");
        this.database = requireNonNull(database, "database is null");
        if (silenceSeconds < 1) {
            throw new IllegalArgumentException("silenceSeconds must be at least 1");
        }
        this.silenceSeconds = silenceSeconds;
    }

    public long silenceSeconds() {
        return silenceSeconds;
    }

    /**
     * Accepts the heartbeat a node sent for itself, received at {@code now}; answers when the
     * next is due. Refused, with nothing kept, if it is not from a node, was sent far
     * from PLC's clock or does not follow the node's last heartbeat. The answer also carries
     * PLC's clock, from which the node measures its offset.
     *
     * @param read the call's read transaction, opened only for a node not heard since PLC started
     */
    public Map<String, Object> heartbeat(Caller caller, Heartbeat heartbeat, long now, Supplier<Handle> read) {
        requireNonNull(heartbeat, "heartbeat is null");
        long nodeId = caller.nodeId().orElseThrow(() -> PlanetLabException.permissionDenied(
                MonitorApi.REPORT_HEARTBEAT + ": only a node reports its heartbeat, signed with its node key"));
        long siteId = caller.siteIds().getFirst();
        NodeClock.requireNear("heartbeat", heartbeat.sentAt(), now);
        book.accept(nodeId, siteId, heartbeat, now,
                node -> AvailabilityHistory.storedHeartbeat(read.get(), node).map(Map.Entry::getValue));
        return Map.of("interval_seconds", (long) MonitorApi.HEARTBEAT_INTERVAL_SECONDS, "time", now);
    }

    /**
     * The node's latest heartbeat this server knows: the newer of the one it accepted last
     * (written or not) and the one in the store (another server's unwritten heartbeats appear
     * there within {@value #CHECK_INTERVAL_SECONDS} s).
     */
    public Optional<Heartbeat> latestHeartbeat(Handle db, long nodeId) {
        return book.freshest(nodeId, AvailabilityHistory.storedHeartbeat(db, nodeId)).map(HeartbeatBook.Received::heartbeat);
    }

    /** What the monitor timer does: writes this server's heartbeats, then looks for silent nodes. */
    public void tick() {
        writeHeartbeats();
        markSilentNodesDown();
    }

    /** Writes the heartbeats received since the last write and the transitions they make; returns how many. */
    public int writeHeartbeats() {
        Map<Long, HeartbeatBook.Received> batch = book.drain();
        if (batch.isEmpty()) {
            return 0;
        }
        try {
            mutations.run(Caller.INTERNAL, "RecordHeartbeats", List.of(batch.size()), mutation -> {
                Handle handle = mutation.db();
                AvailabilityHistory.writeHeartbeats(handle, batch.values());
                Map<Long, AvailabilityHistory.Open> open = AvailabilityHistory.openIntervals(handle);
                List<Long> up = new ArrayList<>();
                List<Long> down = new ArrayList<>();
                for (HeartbeatBook.Received received : batch.values()) {
                    Optional<AvailabilityHistory.Open> current = Optional.ofNullable(open.get(received.nodeId()));
                    boolean booted = received.heartbeat().booted();
                    if (current.isPresent() && current.get().up() == booted) {
                        continue;
                    }
                    String reason = booted ? (current.isEmpty() ? "first heartbeat" : "heartbeats in boot state boot")
                            : "reports boot state " + received.heartbeat().bootState();
                    AvailabilityHistory.transition(handle, received.nodeId(), received.siteId(), current, booted,
                            received.firstReceived(), reason);
                    (booted ? up : down).add(received.nodeId());
                }
                if (up.isEmpty() && down.isEmpty()) {
                    mutation.quietIfUnchanged();
                }
                mutation.message("heartbeats of %d nodes written; up: %s; down: %s".formatted(batch.size(), up, down));
                return null;
            });
        } catch (RuntimeException e) {
            book.restore(batch);
            throw e;
        }
        return batch.size();
    }

    /**
     * Ends the up interval of every node whose last written heartbeat is older than the
     * threshold, at that heartbeat; returns the nodes marked down (none if another server is
     * running the watch right now).
     */
    public List<Long> markSilentNodesDown() {
        List<Long> marked = new ArrayList<>();
        database.runAlone(WATCH_LOCK_KEY, () -> marked.addAll(mutations.run(Caller.INTERNAL, "MarkSilentNodesDown",
                List.of(), mutation -> {
                    long cutoff = mutation.now() - silenceSeconds;
                    List<long[]> silent = mutation.db().createQuery("SELECT a.interval_id, a.node_id, a.site_id,"
                                    + " a.started, h.received FROM node_availability a JOIN node_health h"
                                    + " ON h.node_id = a.node_id WHERE a.ended IS NULL AND a.up = TRUE"
                                    + " AND h.received < :cutoff ORDER BY a.node_id")
                            .bind("cutoff", cutoff)
                            .map((row, context) -> new long[] {row.getLong(1), row.getLong(2), row.getLong(3),
                                    row.getLong(4), row.getLong(5)})
                            .list();
                    List<Long> nodes = new ArrayList<>();
                    for (long[] row : silent) {
                        AvailabilityHistory.transition(mutation.db(), row[1], row[2],
                                Optional.of(new AvailabilityHistory.Open(row[0], row[1], true, row[3])), false, row[4],
                                "no heartbeat for more than " + silenceSeconds + " s");
                        nodes.add(row[1]);
                    }
                    if (nodes.isEmpty()) {
                        // A watch that finds nothing every few seconds must not fill the event log.
                        mutation.quietIfUnchanged();
                    }
                    mutation.message("nodes " + nodes + " silent for more than " + silenceSeconds + " s: down");
                    return nodes;
                })));
        return marked;
    }

    /** The node's newest heartbeat, this server's or the stored one, with when it arrived. */
    Optional<HeartbeatBook.Received> freshest(long nodeId, Optional<Map.Entry<Long, Heartbeat>> stored) {
        return book.freshest(nodeId, stored);
    }
}
