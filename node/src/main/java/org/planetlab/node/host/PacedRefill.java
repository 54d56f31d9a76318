package org.planetlab.node.host;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.function.BiConsumer;
import java.util.function.LongSupplier;

/**
 * Starts the refill of spares that takes used up, now or once takes pause, as {@link SparePacing}
 * decides; a refill waiting for the pause is started at most once, however many takes come.
 * Spare slivers and spare sliver network slots are refilled this way. Thread-safe.
 */
public final class PacedRefill {
    private final SparePacing pacing;
    private final BiConsumer<Runnable, Duration> later;
    private final Runnable refill;
    private boolean deferred;

    /**
     * @param target the spares kept ready
     * @param quiet how long takes must pause before a deferred refill starts
     * @param nanoTime the monotonic clock, {@code System::nanoTime} outside tests
     * @param later runs an action after a delay
     * @param refill starts a refill that tops the spares up to the target
     */
    public PacedRefill(int target, Duration quiet, LongSupplier nanoTime, BiConsumer<Runnable, Duration> later, Runnable refill) {
        this.pacing = new SparePacing(target, quiet, nanoTime);
        this.later = requireNonNull(later, "later is null");
        this.refill = requireNonNull(refill, "refill is null");
    }

    /** A take left {@code ready} spares: refills now if few are left, else once takes pause. */
    public void afterTake(int ready) {
        Duration wait;
        synchronized (this) {
            wait = pacing.afterTake(ready);
            if (!wait.isZero()) {
                if (deferred) {
                    return;
                }
                deferred = true;
            }
        }
        if (wait.isZero()) {
            refill.run();
        } else {
            later.accept(this::refillWhenQuiet, wait);
        }
    }

    /** A refill ran: it topped up to the target, which a refill waiting for the pause would have done. */
    public synchronized void refilled() {
        deferred = false;
    }

    /** A refill waiting for takes to pause starts now, for a caller about to wait for it. */
    public void refillIfDeferred() {
        boolean wasDeferred;
        synchronized (this) {
            wasDeferred = deferred;
            deferred = false;
        }
        if (wasDeferred) {
            refill.run();
        }
    }

    private void refillWhenQuiet() {
        Duration left;
        synchronized (this) {
            if (!deferred) {
                return;
            }
            left = pacing.quietLeft();
            if (left.isZero()) {
                deferred = false;
            }
        }
        if (left.isZero()) {
            refill.run();
        } else {
            later.accept(this::refillWhenQuiet, left);
        }
    }
}
