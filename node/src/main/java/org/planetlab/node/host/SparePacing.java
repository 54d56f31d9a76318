package org.planetlab.node.host;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Decides when the spares that creates took are made again. Making a spare costs about what the
 * create it replaces saved, on the same cores; made right after the create that took it, it
 * competes with the creates still under way, on this node and, when a slice is put on many
 * nodes of one machine, on the others. So while at least half of the spares are left, the
 * refill waits until no create has taken one for {@code quiet}; below that, a burst of creates
 * would soon find none, and the refill starts at once. Spare slivers and spare sliver network
 * slots are paced alike. Not thread-safe: its owner's lock guards it.
 */
public final class SparePacing {
    private final int target;
    private final long quietNanos;
    private final LongSupplier nanoTime;
    private long lastTake;
    private boolean taken;

    /**
     * @param target the spares kept ready
     * @param quiet how long after the last take a deferred refill starts
     * @param nanoTime the monotonic clock, {@code System::nanoTime} outside tests
     */
    public SparePacing(int target, Duration quiet, LongSupplier nanoTime) {
        this.target = target;
        this.quietNanos = requireNonNull(quiet, "quiet is null").toNanos();
        this.nanoTime = requireNonNull(nanoTime, "nanoTime is null");
    }

    /**
     * Notes a create's take, which left {@code ready} spares, and says how long the refill should
     * wait: zero when it must start now.
     */
    public Duration afterTake(int ready) {
        lastTake = nanoTime.getAsLong();
        taken = true;
        return ready * 2 < target ? Duration.ZERO : Duration.ofNanos(quietNanos);
    }

    /** How long is left until no create has taken a spare for the quiet period; zero once it has passed. */
    public Duration quietLeft() {
        if (!taken) {
            return Duration.ZERO;
        }
        long left = quietNanos - (nanoTime.getAsLong() - lastTake);
        return left > 0 ? Duration.ofNanos(left) : Duration.ZERO;
    }
}
