package org.planetlab.node.net.slots;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the slow kernel work that nobody waits for (building spare slots, removing detached ones)
 * one task at a time on an injected executor, so attach and detach return as soon as the sliver
 * is usable or cut off. A failed task is logged; the next reconcile repairs what it left.
 */
final class BackgroundLane {
    private static final Logger LOG = LoggerFactory.getLogger(BackgroundLane.class);

    private final Executor executor;
    private CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);

    BackgroundLane(Executor executor) {
        this.executor = requireNonNull(executor, "executor is null");
    }

    synchronized void submit(String description, Runnable task) {
        // A task the executor refused must not stop the ones after it.
        tail = tail.handle((ignored, failure) -> (Void) null).thenRunAsync(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.warn("sliver network background work failed: {}: {}", description, e.getMessage(), e);
            }
        }, executor);
    }

    /** Waits until every task submitted so far, and those they submitted, has run. */
    void awaitIdle(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            CompletableFuture<Void> last;
            synchronized (this) {
                last = tail;
            }
            try {
                last.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                throw new PlanetLabException(ErrorCode.UNAVAILABLE,
                        "sliver network background work did not finish within " + timeout);
            } catch (ExecutionException e) {
                LOG.warn("sliver network background work was not run: {}", e.getCause().toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PlanetLabException(ErrorCode.UNAVAILABLE, "interrupted while waiting for background work", e);
            }
            synchronized (this) {
                if (tail == last) {
                    return;
                }
            }
        }
    }
}
