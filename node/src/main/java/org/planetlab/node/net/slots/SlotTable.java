package org.planetlab.node.net.slots;

import static java.util.Objects.requireNonNull;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.planetlab.node.net.SliverNetworkSpec;
import org.planetlab.node.net.shaping.ClassRates;

/**
 * The agent's view of its slots: which serve which sliver, which are spare, which are busy being
 * built or removed. Not thread-safe; its owner guards it with one lock.
 */
final class SlotTable {
    private final int slotCount;
    private final Map<String, Attached> attached = new LinkedHashMap<>();
    private final Deque<Integer> spares = new ArrayDeque<>();
    private final Map<Integer, ClassRates> spareRates = new HashMap<>();
    private final Set<Integer> busy = new HashSet<>();

    SlotTable(int slotCount) {
        this.slotCount = slotCount;
    }

    /**
     * One sliver's slot.
     *
     * @param slot the slot number
     * @param spec what the sliver asked for (after a restart, rebuilt from the kernel until the
     *     runtime tells again)
     * @param rates what its class has now
     * @param limitedToSustained whether its daily budget is spent
     */
    record Attached(int slot, SliverNetworkSpec spec, ClassRates rates, boolean limitedToSustained) {
        Attached {
            requireNonNull(spec, "spec is null");
            requireNonNull(rates, "rates is null");
        }
    }

    Optional<Attached> attached(String sliverName) {
        return Optional.ofNullable(attached.get(sliverName));
    }

    Collection<Attached> allAttached() {
        return List.copyOf(attached.values());
    }

    void putAttached(Attached slot) {
        attached.put(slot.spec().sliverName(), slot);
    }

    Optional<Attached> removeAttached(String sliverName) {
        return Optional.ofNullable(attached.remove(sliverName));
    }

    /** A built, unassigned slot and the rates its class was built with. */
    record Spare(int slot, ClassRates rates) {
        Spare {
            requireNonNull(rates, "rates is null");
        }
    }

    Optional<Spare> takeSpare() {
        Integer slot = spares.pollFirst();
        return slot == null ? Optional.empty() : Optional.of(new Spare(slot, spareRates.remove(slot)));
    }

    void addSpare(int slot, ClassRates rates) {
        spares.addLast(slot);
        spareRates.put(slot, rates);
    }

    int spareCount() {
        return spares.size();
    }

    List<Integer> takeAllSpares() {
        List<Integer> all = new ArrayList<>(spares);
        spares.clear();
        spareRates.clear();
        return all;
    }

    /** Reserves the lowest free numbers; they stay busy until released or made spare. */
    List<Integer> reserve(int count) {
        Set<Integer> used = new HashSet<>(busy);
        used.addAll(spares);
        attached.values().forEach(slot -> used.add(slot.slot()));
        List<Integer> reserved = new ArrayList<>();
        for (int slot = 0; slot < slotCount && reserved.size() < count; slot++) {
            if (!used.contains(slot)) {
                reserved.add(slot);
            }
        }
        busy.addAll(reserved);
        return reserved;
    }

    void markBusy(Collection<Integer> slots) {
        busy.addAll(slots);
    }

    void release(Collection<Integer> slots) {
        busy.removeAll(slots);
    }
}
