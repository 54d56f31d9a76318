package org.planetlab.scs;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.HostFailures;
import org.planetlab.api.error.PlanetLabException;

/**
 * The one thread that changes slivers: convergence, tickets and lease expiry take turns on it,
 * so no two of them ever act on the same sliver at once and none needs a lock.
 */
final class ActionLoop implements AutoCloseable {
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("scs-actions").daemon().factory());

    void submit(Runnable action) {
        executor.execute(action);
    }

    void schedule(Runnable action, Duration delay) {
        executor.schedule(action, Math.max(0, delay.toMillis()), TimeUnit.MILLISECONDS);
    }

    void every(Runnable action, Duration period) {
        executor.scheduleWithFixedDelay(action, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Runs an action on the loop and waits for its answer. */
    <T> T call(Callable<T> action, Duration timeout) {
        Future<T> future = executor.submit(action);
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw HostFailures.of("the slice creation service", failure);
            }
            throw new PlanetLabException(ErrorCode.INTERNAL_ERROR, "the slice creation service failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new PlanetLabException(ErrorCode.UNAVAILABLE, "the slice creation service is busy; try again", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PlanetLabException(ErrorCode.UNAVAILABLE, "interrupted", e);
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
