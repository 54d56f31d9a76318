package org.planetlab.plc.sliver;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jdbi.v3.core.Handle;
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
 */
public final class SliverViews implements ChangeListener {
    /** A node's view with its version; the body carries neither. */
    public record VersionedView(Map<String, Object> body, String version) {}

    private record Entry(VersionedView view, Set<ObjectRef> dependsOn, long validUntil) {}

    private final JsonCodec json = new JsonCodec();
    private final Object lock = new Object();
    private final Map<Long, Entry> cache = new HashMap<>();
    private final Map<Long, SliceParts.Part> parts = new ConcurrentHashMap<>();
    private long generation;

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
        SliverViewBuilder.View view = SliverViewBuilder.build(handle.get(), nodeId, now, parts::get, json);
        VersionedView versioned = new VersionedView(view.body(), view.version());
        synchronized (lock) {
            if (generation == startedAt) {
                cache.put(nodeId, new Entry(versioned, view.dependsOn(), view.validUntil()));
                parts.putAll(view.loadedParts());
            }
        }
        return versioned;
    }

    @Override
    public void committed(Changes changes) {
        synchronized (lock) {
            generation++;
            if (changes.everyNode()) {
                cache.clear();
                parts.clear();
            } else {
                Set<ObjectRef> touched = Set.copyOf(changes.objects());
                cache.values().removeIf(entry -> entry.dependsOn().stream().anyMatch(touched::contains));
                parts.values().removeIf(part -> part.dependsOn().stream().anyMatch(touched::contains));
            }
            // Waiting nodes look again; those whose view is still cached go back to waiting.
            lock.notifyAll();
        }
    }

    /**
     * Waits until the node's cached view no longer has {@code version}: it was dropped by a change,
     * expired, or never was that version. Returns at once if there is no cached view (the caller
     * will compute one), and after {@code timeoutMillis} at most.
     */
    public void awaitChange(long nodeId, String version, long timeoutMillis, java.time.Clock clock) {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        synchronized (lock) {
            while (true) {
                Entry entry = cache.get(nodeId);
                if (entry == null || !entry.view().version().equals(version)
                        || clock.instant().getEpochSecond() >= entry.validUntil()) {
                    return;
                }
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    return;
                }
                try {
                    // Bounded so that expiry (a function of time) is noticed without a change.
                    lock.wait(Math.max(1, Math.min(remaining / 1_000_000, 1_000)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** How many views are cached, for monitoring and tests. */
    public int cachedViews() {
        synchronized (lock) {
            return cache.size();
        }
    }
}
