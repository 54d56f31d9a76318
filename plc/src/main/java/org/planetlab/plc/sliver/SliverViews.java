package org.planetlab.plc.sliver;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jdbi.v3.core.Handle;
import org.planetlab.api.sliver.NodeView;
import org.planetlab.api.wire.JsonCodec;
import org.planetlab.plc.change.ChangeListener;
import org.planetlab.plc.change.Changes;
import org.planetlab.plc.change.ObjectRef;

/**
 * Caches each node's view, so that a node polling with nothing changed costs a map lookup, and
 * each slice's part of the views ({@link SliceParts}), so that a view dropped by a change is
 * rebuilt from what the change left valid.
 *
 * <p>A view's version is a hash of its content, so it changes exactly when the view does and
 * survives restarts. A cached view or part is dropped when a committed change touches an object
 * it was computed from; a view also when a slice in it expires. Nothing computed while a change
 * was being committed is cached: the generation counter tells.
 *
 * <p>A node waiting for its view to change waits on that view's own cache entry, which is
 * completed when the entry is dropped or replaced: a change wakes the nodes whose view it
 * touched and no other. Changes committed by other servers sharing the store arrive through the
 * same {@link #committed} (see {@code org.planetlab.plc.replica}); for the rare change whose
 * notification could be lost there, {@code maxAgeSeconds} bounds how long anything stays cached.
 */
public final class SliverViews implements ChangeListener {
    /**
     * A node's view, its wire form (without version and timestamp, written when the view was
     * built) and its version.
     */
    public record VersionedView(NodeView view, Map<String, Object> wire, String version) {}

    /** {@code dropped} completes when the entry leaves the cache, waking the node's waiters. */
    private record Entry(VersionedView view, Set<ObjectRef> dependsOn, long validUntil,
            CompletableFuture<Void> dropped) {}

    private record CachedPart(SliceParts.Part part, long cachedAt) {}

    /** How long a waiter sleeps at most before looking at the clock again (expiry is a function of time). */
    private static final long LONGEST_WAIT_MILLIS = 1_000;

    private final JsonCodec json = new JsonCodec();
    private final long maxAgeSeconds;
    private final Object lock = new Object();
    private final Map<Long, Entry> cache = new HashMap<>();
    private final java.util.concurrent.atomic.AtomicInteger waiting = new java.util.concurrent.atomic.AtomicInteger();
    private final Map<Long, CachedPart> parts = new ConcurrentHashMap<>();
    private long generation;

    /** Views and parts stay cached until a change drops them or their slices expire. */
    public SliverViews() {
        this(Long.MAX_VALUE);
    }

    /** Views and parts stay cached at most {@code maxAgeSeconds} as well. */
    public SliverViews(long maxAgeSeconds) {
        if (maxAgeSeconds < 1) {
            throw new IllegalArgumentException("maxAgeSeconds must be at least 1, got " + maxAgeSeconds);
        }
        this.maxAgeSeconds = maxAgeSeconds;
    }

    /** The node's current view; {@code now} is in seconds since the epoch. */
    public VersionedView get(java.util.function.Supplier<Handle> handle, long nodeId, long now) {
        long startedAt;
        synchronized (lock) {
            Entry entry = cache.get(nodeId);
            if (entry != null && now < entry.validUntil()) {
                return entry.view();
            }
            startedAt = generation;
        }
        SliverViewBuilder.View view = SliverViewBuilder.build(handle.get(), nodeId, now, sliceId -> freshPart(sliceId, now),
                json);
        VersionedView versioned = new VersionedView(view.view(), view.wire(), view.version());
        Entry replaced = null;
        synchronized (lock) {
            if (generation == startedAt) {
                long validUntil = Math.min(view.validUntil(), saturatedAdd(now, maxAgeSeconds));
                replaced = cache.put(nodeId, new Entry(versioned, view.dependsOn(), validUntil, new CompletableFuture<>()));
                view.loadedParts().forEach((sliceId, part) -> parts.put(sliceId, new CachedPart(part, now)));
            }
        }
        if (replaced != null) {
            // Its waiters look again and go back to waiting on this entry if the version is theirs.
            replaced.dropped().complete(null);
        }
        return versioned;
    }

    private SliceParts.Part freshPart(long sliceId, long now) {
        CachedPart cached = parts.get(sliceId);
        return cached == null || now - cached.cachedAt() >= maxAgeSeconds ? null : cached.part();
    }

    @Override
    public void committed(Changes changes) {
        List<Entry> dropped = new ArrayList<>();
        synchronized (lock) {
            generation++;
            if (changes.everyNode()) {
                dropped.addAll(cache.values());
                cache.clear();
                parts.clear();
            } else {
                Set<ObjectRef> touched = Set.copyOf(changes.objects());
                cache.values().removeIf(entry -> {
                    boolean stale = entry.dependsOn().stream().anyMatch(touched::contains);
                    if (stale) {
                        dropped.add(entry);
                    }
                    return stale;
                });
                parts.values().removeIf(cached -> cached.part().dependsOn().stream().anyMatch(touched::contains));
            }
        }
        // Only the nodes whose view was dropped wake up; they look again outside this lock.
        dropped.forEach(entry -> entry.dropped().complete(null));
    }

    /**
     * Waits until the node's cached view no longer has {@code version}: it was dropped by a change,
     * expired, or never was that version. Returns at once if there is no cached view (the caller
     * will compute one), and after {@code timeoutMillis} at most.
     */
    public void awaitChange(long nodeId, String version, long timeoutMillis, java.time.Clock clock) {
        waiting.incrementAndGet();
        try {
            waitForChange(nodeId, version, timeoutMillis, clock);
        } finally {
            waiting.decrementAndGet();
        }
    }

    private void waitForChange(long nodeId, String version, long timeoutMillis, java.time.Clock clock) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (true) {
            Entry entry;
            synchronized (lock) {
                entry = cache.get(nodeId);
            }
            if (entry == null || !entry.view().version().equals(version)
                    || clock.instant().getEpochSecond() >= entry.validUntil()) {
                return;
            }
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                return;
            }
            try {
                entry.dropped().get(Math.min(remaining, TimeUnit.MILLISECONDS.toNanos(LONGEST_WAIT_MILLIS)),
                        TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                // Look at the clock and the deadline again.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException e) {
                throw new IllegalStateException("a cache entry's drop signal never fails", e);
            }
        }
    }

    /** How many nodes are waiting in a long poll now, for monitoring. */
    public int waiters() {
        return waiting.get();
    }

    /** How many views are cached, for monitoring and tests. */
    public int cachedViews() {
        synchronized (lock) {
            return cache.size();
        }
    }

    private static long saturatedAdd(long base, long seconds) {
        long sum = base + seconds;
        return ((base ^ sum) & (seconds ^ sum)) < 0 ? Long.MAX_VALUE : sum;
    }
}
