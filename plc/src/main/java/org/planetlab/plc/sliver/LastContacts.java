package org.planetlab.plc.sliver;

import static java.util.Objects.requireNonNull;

import java.util.HashMap;
import java.util.Map;
import org.planetlab.plc.store.Database;

/**
 * Remembers when each node last called and writes the times in one batch now and then, so that
 * thousands of polling nodes do not each cost a durable write.
 */
public final class LastContacts {
    private final Database database;
    private final Map<Long, Long> pending = new HashMap<>();

    public LastContacts(Database database) {
        this.database = requireNonNull(database, "database is null");
    }

    public synchronized void record(long nodeId, long time) {
        pending.merge(nodeId, time, Math::max);
    }

    /** Writes the recorded times; returns how many nodes were written. */
    public int flush() {
        Map<Long, Long> batch;
        synchronized (this) {
            if (pending.isEmpty()) {
                return 0;
            }
            batch = new HashMap<>(pending);
            pending.clear();
        }
        database.write(handle -> {
            var update = handle.prepareBatch("UPDATE nodes SET last_contact = :time WHERE node_id = :node"
                    + " AND (last_contact IS NULL OR last_contact < :time)");
            batch.forEach((node, time) -> update.bind("node", node).bind("time", time).add());
            update.execute();
            return null;
        });
        return batch.size();
    }
}
