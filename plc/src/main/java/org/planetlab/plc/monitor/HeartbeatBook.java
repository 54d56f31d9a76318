package org.planetlab.plc.monitor;

import static java.util.Objects.requireNonNull;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.planetlab.api.error.PlanetLabException;

/**
 * The latest heartbeat of each node this server heard, kept in memory so that a heartbeat costs
 * no write; {@link #drain} hands the ones not yet written to the batch writer. It also refuses a
 * heartbeat that does not follow the last one accepted for its node (a replay, or one from an
 * older run of the agent), looking the last one up in the store the first time a node is seen.
 * The latest heartbeat stays in memory once written, so a reader never finds it in neither place
 * while its batch is being written; {@link #freshest} weighs it against the store, where another
 * server may have written a newer one.
 */
final class HeartbeatBook {
    /** A heartbeat accepted, when it arrived, and when the first heartbeat of the unwritten batch arrived. */
    record Received(long nodeId, long siteId, Heartbeat heartbeat, long received, long firstReceived) {
        Received {
            requireNonNull(heartbeat, "heartbeat is null");
        }
    }

    private final Map<Long, Received> lastAccepted = new HashMap<>();
    private final Map<Long, Received> pending = new HashMap<>();

    /**
     * Accepts a heartbeat if it follows the node's last one; {@code stored} gives the last one
     * written, for a node this server has not heard since it started.
     */
    void accept(long nodeId, long siteId, Heartbeat heartbeat, long received, Function<Long, Optional<Heartbeat>> stored) {
        // Read outside the lock: when many nodes are heard for the first time together (PLC just
        // started), one read at a time under the lock would hold every waiter's connection.
        Optional<Heartbeat> written = heard(nodeId) ? Optional.empty() : stored.apply(nodeId);
        acceptAfter(nodeId, siteId, heartbeat, received, written);
    }

    private synchronized boolean heard(long nodeId) {
        return lastAccepted.containsKey(nodeId);
    }

    private synchronized void acceptAfter(long nodeId, long siteId, Heartbeat heartbeat, long received,
            Optional<Heartbeat> written) {
        // A heartbeat accepted meanwhile is newer than the one read from the store.
        Received lastReceived = lastAccepted.get(nodeId);
        Heartbeat last = lastReceived == null ? written.orElse(null) : lastReceived.heartbeat();
        if (last != null && !heartbeat.follows(last)) {
            throw PlanetLabException.invalidArgument("heartbeat " + heartbeat.sequence() + " of the agent run started at "
                    + heartbeat.agentStarted() + " does not follow the last one accepted (" + last.sequence()
                    + " of the run started at " + last.agentStarted() + "); a replayed or out-of-order heartbeat"
                    + " is not recorded");
        }
        Received earlier = pending.get(nodeId);
        Received accepted = new Received(nodeId, siteId, heartbeat, received,
                earlier == null ? received : earlier.firstReceived());
        pending.put(nodeId, accepted);
        lastAccepted.put(nodeId, accepted);
    }

    /**
     * The node's newest heartbeat: the one this server accepted last, written or not, unless the
     * store holds a newer one (another server heard the node since).
     *
     * @param stored the node's heartbeat in the store, with when it arrived
     */
    synchronized Optional<Received> freshest(long nodeId, Optional<Map.Entry<Long, Heartbeat>> stored) {
        Received mine = lastAccepted.get(nodeId);
        if (stored.isEmpty() || (mine != null && !stored.get().getValue().follows(mine.heartbeat()))) {
            return Optional.ofNullable(mine);
        }
        return Optional.of(new Received(nodeId, mine == null ? 0 : mine.siteId(), stored.get().getValue(),
                stored.get().getKey(), stored.get().getKey()));
    }

    /** Takes the heartbeats not yet written. */
    synchronized Map<Long, Received> drain() {
        Map<Long, Received> batch = new HashMap<>(pending);
        pending.clear();
        return batch;
    }

    /** Puts back a batch whose write failed, under anything newer that arrived meanwhile. */
    synchronized void restore(Map<Long, Received> batch) {
        batch.forEach((nodeId, received) -> pending.merge(nodeId, received, (newer, older) -> new Received(nodeId,
                newer.siteId(), newer.heartbeat(), newer.received(), older.firstReceived())));
    }

}
