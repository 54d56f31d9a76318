package org.planetlab.node.net.slots;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.api.rspec.RspecAttribute;
import org.planetlab.node.host.PacedRefill;
import org.planetlab.node.net.filtering.FilterTable;
import org.planetlab.node.net.filtering.SetElementWriter;
import org.planetlab.node.net.layout.LeafQueue;
import org.planetlab.node.net.layout.SliverNetworkConfig;
import org.planetlab.node.net.layout.SlotLayout;
import org.planetlab.node.net.shaping.ClassRates;
import org.planetlab.node.net.slots.SlotTable.Spare;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps built slots coming and takes used ones away: it tops the spares up in the background,
 * builds a batch in the caller's thread when none is ready, and removes retired slots in
 * background passes. A spare an attach took is built again once attaches pause for
 * {@link #REFILL_QUIET} ({@link PacedRefill}, as spare slivers are): building a slot (a namespace,
 * a veth pair, classes, set elements) right after the attach would compete with the creates still
 * under way for the same cores. Its state is the network's {@link SlotTable}, guarded by the network's lock,
 * which callers of the {@code Locked} methods hold.
 */
final class SlotSupply {
    private static final Logger LOG = LoggerFactory.getLogger(SlotSupply.class);
    /** Spares are built with the RSpec's default rates, which most slivers keep. */
    static final ClassRates SPARE_RATES = ClassRates.of(
            Long.parseLong(RspecAttribute.BASE_RATE.defaultValue()), Long.parseLong(RspecAttribute.BURST_RATE.defaultValue()));

    private final Object lock;
    private final SlotTable slots;
    private final SliverNetworkConfig config;
    private final SlotLayout layout;
    private final FilterTable filters;
    private final SlotBuilder builder;
    private final SlotReaper reaper;
    private final SetElementWriter elements;
    private final BackgroundLane background;
    /** How long attaches must pause before the spares they took are built again. */
    static final Duration REFILL_QUIET = Duration.ofSeconds(1);

    private final Set<Integer> pendingRemoval = new TreeSet<>();
    private final PacedRefill paced;
    private boolean removalScheduled;
    private LeafQueue leaf;
    private boolean active;
    /** Counts changes of the namespace factory; a build begun before one is not kept. */
    private long namespaceGeneration;

    SlotSupply(Object lock, SlotTable slots, SliverNetworkConfig config, SlotLayout layout, FilterTable filters,
            SlotBuilder builder, SlotReaper reaper, SetElementWriter elements, BackgroundLane background) {
        this.lock = requireNonNull(lock, "lock is null");
        this.slots = requireNonNull(slots, "slots is null");
        this.config = requireNonNull(config, "config is null");
        this.layout = requireNonNull(layout, "layout is null");
        this.filters = requireNonNull(filters, "filters is null");
        this.builder = requireNonNull(builder, "builder is null");
        this.reaper = requireNonNull(reaper, "reaper is null");
        this.elements = requireNonNull(elements, "elements is null");
        this.background = requireNonNull(background, "background is null");
        this.paced = new PacedRefill(config.spareSlots(), REFILL_QUIET, System::nanoTime,
                (action, delay) -> CompletableFuture.delayedExecutor(delay.toNanos(), TimeUnit.NANOSECONDS).execute(action),
                this::refill);
    }

    /** Starts or stops building spares; new slots get {@code leaf}. Caller holds the lock. */
    void setActiveLocked(boolean active, LeafQueue leaf) {
        this.active = active;
        this.leaf = leaf;
    }

    /**
     * A spare, or, when none is ready, a batch built in the caller's thread: the processes cost
     * the same for one slot or several, so a burst of attaches does not build one slot per call.
     * The first serves the caller, the rest become spares. Caller holds the lock.
     */
    Spare takeLocked() {
        return slots.takeSpare().orElseGet(() -> {
            List<Integer> reserved = slots.reserve(Math.max(1, config.spareSlots()));
            if (reserved.isEmpty()) {
                throw new PlanetLabException(ErrorCode.QUOTA_EXCEEDED, "all " + layout.slotCount() + " sliver network slots of "
                        + config.sliverSubnet() + " are in use; detach slivers or use a larger sliver-subnet");
            }
            try {
                builder.build(reserved, SPARE_RATES, leaf);
            } catch (RuntimeException e) {
                retireAndRemoveLocked(reserved, null);
                throw e;
            }
            slots.release(reserved);
            reserved.subList(1, reserved.size()).forEach(slot -> slots.addSpare(slot, SPARE_RATES));
            return new Spare(reserved.getFirst(), SPARE_RATES);
        });
    }

    /**
     * New namespaces will be made another way: spares built the old way (and builds under way)
     * are cut off and removed, and new ones are built. Caller holds the lock.
     */
    void namespacesChangedLocked() {
        namespaceGeneration++;
        retireAndRemoveLocked(slots.takeAllSpares(), null);
    }

    /** After an attach took a spare: tops the spares up now if few are left, else once attaches pause. */
    void refillAfterTake() {
        int left;
        synchronized (lock) {
            left = slots.spareCount();
        }
        paced.afterTake(left);
    }

    /** A refill waiting for attaches to pause starts now, for a caller about to wait for the background work. */
    void refillIfDeferred() {
        paced.refillIfDeferred();
    }

    /** Tops the spares up in the background. */
    void refill() {
        background.submit("build spare slots", () -> {
            List<Integer> reserved;
            LeafQueue queue;
            long generation;
            synchronized (lock) {
                if (!active) {
                    return;
                }
                paced.refilled();
                reserved = slots.reserve(config.spareSlots() - slots.spareCount());
                if (reserved.isEmpty()) {
                    return;
                }
                queue = leaf;
                generation = namespaceGeneration;
            }
            try {
                builder.build(reserved, SPARE_RATES, queue);
            } catch (RuntimeException e) {
                synchronized (lock) {
                    retireAndRemoveLocked(reserved, null);
                }
                throw e;
            }
            synchronized (lock) {
                if (generation != namespaceGeneration) {
                    retireAndRemoveLocked(reserved, null);
                    return;
                }
                reserved.forEach(slot -> slots.addSpare(slot, SPARE_RATES));
                slots.release(reserved);
            }
        });
    }

    /**
     * Cuts slots off now (one set update) and removes their objects in the background; with a
     * known kernel state, only slots that hold something there are cut off. Caller holds the lock.
     */
    void retireAndRemoveLocked(List<Integer> remove, KernelState knownState) {
        if (remove.isEmpty()) {
            return;
        }
        List<Integer> inKernel = knownState == null ? remove : remove.stream().filter(knownState::holds).toList();
        try {
            elements.add(filters.retire(inKernel), "cutting off slots " + inKernel);
        } catch (PlanetLabException e) {
            LOG.warn("could not cut off slots {} before removing them: {}", inKernel, e.getMessage());
        }
        slots.markBusy(remove);
        removeLaterLocked(remove);
    }

    /** Queues already cut-off slots for removal. Caller holds the lock. */
    void removeLaterLocked(List<Integer> remove) {
        pendingRemoval.addAll(remove);
        if (removalScheduled) {
            return;
        }
        removalScheduled = true;
        background.submit("remove slots", () -> {
            List<Integer> batch;
            synchronized (lock) {
                batch = List.copyOf(pendingRemoval);
                pendingRemoval.clear();
                removalScheduled = false;
            }
            Set<Integer> left = reaper.reap(batch);
            synchronized (lock) {
                slots.release(batch.stream().filter(slot -> !left.contains(slot)).toList());
            }
            if (!left.isEmpty()) {
                LOG.warn("slots {} still hold kernel objects; they stay out of use until the next reconcile", left);
            }
        });
    }

    /** Removes every spare now, in the caller's thread; returns the slots that could not be. */
    Set<Integer> removeSparesNowLocked() {
        return reaper.reap(slots.takeAllSpares());
    }
}
