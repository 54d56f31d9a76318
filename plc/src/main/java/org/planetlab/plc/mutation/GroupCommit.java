package org.planetlab.plc.mutation;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.plc.auth.Caller;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit for a frequent change of one operation (nodes' usage reports): callers queue their
 * changes, one writer takes whatever has queued, up to a batch, and writes it in one transaction
 * with {@link MutationPath#runEach}, and each caller is answered only once its batch has
 * committed. Many small changes then share one commit (one sync to disk, one turn at the store's
 * single writer) instead of queueing for it one by one, and nothing a caller was told is recorded
 * can be lost by a crash. A change that fails rolls back alone and its caller gets its error.
 */
public final class GroupCommit<T> implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GroupCommit.class);

    private record Pending<T>(GroupedChange<T> change, CompletableFuture<T> answer) {}

    private final MutationPath mutations;
    private final String operation;
    private final int maxBatch;
    private final BlockingQueue<Pending<T>> queue = new LinkedBlockingQueue<>();
    private volatile boolean closed;
    private Thread writer;

    /** A group commit whose batches are written only when {@link #writeBatch} is called. */
    GroupCommit(MutationPath mutations, String operation, int maxBatch) {
        this.mutations = requireNonNull(mutations, "mutations is null");
        this.operation = requireNonNull(operation, "operation is null");
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be at least 1");
        }
        this.maxBatch = maxBatch;
    }

    /** A group commit with its writer thread running. */
    public static <T> GroupCommit<T> start(MutationPath mutations, String operation, int maxBatch) {
        GroupCommit<T> group = new GroupCommit<>(mutations, operation, maxBatch);
        group.writer = Thread.ofPlatform().name("plc-group-commit-" + operation).daemon(true).start(group::writeUntilClosed);
        return group;
    }

    /**
     * Runs {@code change} in the next batch and waits for its commit.
     *
     * @return the change's value, once it is committed
     * @throws PlanetLabException the change's own refusal, or the batch's failure to commit
     */
    public T run(Caller caller, List<Object> args, Function<Mutation, T> change) {
        CompletableFuture<T> answer = submit(caller, args, change);
        try {
            return answer.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof PlanetLabException failure) {
                throw failure;
            }
            throw e;
        }
    }

    /** Queues {@code change} for the next batch; the answer completes when the batch has committed. */
    CompletableFuture<T> submit(Caller caller, List<Object> args, Function<Mutation, T> change) {
        GroupedChange<T> grouped = new GroupedChange<>(caller, args, change);
        CompletableFuture<T> answer = new CompletableFuture<>();
        if (closed) {
            answer.completeExceptionally(stopping());
            return answer;
        }
        queue.add(new Pending<>(grouped, answer));
        if (closed) {
            // Closed while queueing: the writer may be gone, so no one else answers what is left.
            failQueued();
        }
        return answer;
    }

    /** Writes what has queued, at most one batch, in one transaction; returns how many changes it held. */
    int writeBatch() {
        List<Pending<T>> batch = new ArrayList<>();
        queue.drainTo(batch, maxBatch);
        write(batch);
        return batch.size();
    }

    private void write(List<Pending<T>> batch) {
        if (batch.isEmpty()) {
            return;
        }
        try {
            List<GroupedChange.Outcome<T>> outcomes = mutations.runEach(operation,
                    batch.stream().map(Pending::change).toList());
            for (int i = 0; i < batch.size(); i++) {
                GroupedChange.Outcome<T> outcome = outcomes.get(i);
                if (outcome.failed()) {
                    batch.get(i).answer().completeExceptionally(outcome.failure());
                } else {
                    batch.get(i).answer().complete(outcome.value());
                }
            }
        } catch (RuntimeException e) {
            // runEach answers failures itself; this is a fault of the path, and no caller may wait forever.
            LOG.error("a batch of {} {} failed", batch.size(), operation, e);
            batch.forEach(pending -> pending.answer().completeExceptionally(e));
        }
    }

    private void writeUntilClosed() {
        while (!closed) {
            try {
                List<Pending<T>> batch = new ArrayList<>(List.of(queue.take()));
                queue.drainTo(batch, maxBatch - 1);
                // The wake-up close() queues carries no change.
                batch.removeIf(pending -> pending.change() == null);
                write(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        failQueued();
    }

    private void failQueued() {
        List<Pending<T>> left = new ArrayList<>();
        queue.drainTo(left);
        left.forEach(pending -> pending.answer().completeExceptionally(stopping()));
    }

    private PlanetLabException stopping() {
        return new PlanetLabException(ErrorCode.UNAVAILABLE,
                operation + ": PLC is stopping and recorded nothing of this call; send it again to a running PLC");
    }

    /** Stops the writer after the batch it is writing; changes still queued are refused as UNAVAILABLE. */
    @Override
    public void close() {
        closed = true;
        if (writer != null) {
            queue.add(new Pending<>(null, new CompletableFuture<>()));
            try {
                writer.join(TimeUnit.SECONDS.toMillis(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        failQueued();
    }
}
