package org.planetlab.plc.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;
import org.planetlab.api.audit.FlowBatch;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;

/**
 * Group commit for an archive's writes: an uploader hands its batch in and waits for the writer's
 * lock; whoever gets the lock stores every batch waiting then, as one group, so concurrent
 * uploads share one commit (DuckDB) or one insert (ClickHouse) instead of queueing for one each.
 * The store answers or refuses each batch of the group; each uploader then gets its own answer.
 *
 * @param <P> the engine's batch, with what it prepared outside the lock
 */
final class GroupCommit<P extends GroupCommit.Pending> {
    /** A batch handed in and what became of it; written under the writer's lock, read after it. */
    abstract static class Pending {
        final FlowBatch batch;
        final String digest;
        final long receivedMillis;
        boolean done;
        FlowArchive.Ingest result;
        RuntimeException failure;

        Pending(FlowBatch batch, String digest, long receivedMillis) {
            this.batch = batch;
            this.digest = digest;
            this.receivedMillis = receivedMillis;
        }

        void answer(FlowArchive.Ingest ingest) {
            result = ingest;
            done = true;
        }

        void refuse(RuntimeException refusal) {
            failure = refusal;
            done = true;
        }
    }

    private final ConcurrentLinkedQueue<P> waiting = new ConcurrentLinkedQueue<>();
    private final Object lock;
    private final Consumer<List<P>> store;

    /**
     * @param lock the writer's lock, also held by the archive's other writes
     * @param store stores a group, answering or refusing each of its batches
     */
    GroupCommit(Object lock, Consumer<List<P>> store) {
        this.lock = lock;
        this.store = store;
    }

    /** Hands the batch in and answers what became of it, once its group was stored. */
    FlowArchive.Ingest submit(P pending) {
        waiting.add(pending);
        synchronized (lock) {
            if (!pending.done) {
                List<P> group = new ArrayList<>();
                for (P next = waiting.poll(); next != null; next = waiting.poll()) {
                    group.add(next);
                }
                store.accept(group);
            }
        }
        if (pending.failure != null) {
            throw pending.failure;
        }
        if (!pending.done) {
            throw new PlanetLabException(ErrorCode.DATABASE_ERROR, "the flow archive did not answer batch "
                    + pending.batch.sequence() + " of node " + pending.batch.nodeId() + "; resend it");
        }
        return pending.result;
    }
}
