package org.planetlab.node.manager;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The slow work on the machine (building, starting, stopping, updating and removing slivers),
 * run on worker threads so the controller never waits on the kernel. Work on one VM runs in the
 * order the controller asked for it; work on different VMs runs in parallel. Every completion
 * comes back to the controller as an event. Used from the controller thread only.
 */
final class KernelWork {
    private static final Logger LOG = LoggerFactory.getLogger(KernelWork.class);

    private final NodeController controller;
    private final ExecutorService workers;
    /** The last work asked for each VM whose work is not done yet. */
    private final Map<String, CompletableFuture<?>> pending = new HashMap<>();

    KernelWork(NodeController controller, ManagerThreads threads) {
        this.controller = requireNonNull(controller, "controller is null");
        this.workers = Executors.newCachedThreadPool(threads.factory("node-kernel-", true));
    }

    /** What the controller does with the outcome of kernel work: {@code failure} is null when it succeeded. */
    interface Done<T> {
        void accept(T result, RuntimeException failure);
    }

    /**
     * Runs {@code work} on a worker after the earlier work on {@code vm}, then {@code done} on the
     * controller; should {@code done} throw, {@code reply} fails with it, so no caller waits forever.
     */
    <T> void run(String vm, Supplier<T> work, CompletableFuture<?> reply, Done<T> done) {
        after(vm, workers, work, reply, done);
    }

    /** Like {@link #run}, on {@code executor}. */
    <T> void after(String vm, Executor executor, Supplier<T> work, CompletableFuture<?> reply, Done<T> done) {
        CompletableFuture<?> before = pending.getOrDefault(vm, CompletableFuture.completedFuture(null));
        CompletableFuture<T> next = before.handle((ignored, failure) -> null).thenApplyAsync(ignored -> work.get(), executor);
        pending.put(vm, next);
        next.whenComplete((result, failure) -> controller.post(() -> {
            if (pending.get(vm) == next) {
                pending.remove(vm);
            }
            try {
                done.accept(result, failure == null ? null : unwrap(failure));
            } catch (RuntimeException e) {
                reply.completeExceptionally(e);
            }
        }));
    }

    private static RuntimeException unwrap(Throwable failure) {
        Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof RuntimeException runtime) {
            return runtime;
        }
        if (cause instanceof Error error) {
            throw error;
        }
        return new IllegalStateException(cause);
    }

    /**
     * Takes no more work and waits, at most {@code limit}, for the work running or queued to end
     * (its completions are queued on the controller); work still running then is interrupted.
     */
    void close(Duration limit) {
        workers.shutdown();
        try {
            if (!workers.awaitTermination(limit.toNanos(), TimeUnit.NANOSECONDS)) {
                LOG.warn("kernel work still runs after {}; interrupting it (the next start finishes what it leaves)", limit);
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            workers.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
