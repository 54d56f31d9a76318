package org.planetlab.node.net.slots;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.planetlab.node.net.filtering.FilterElements;
import org.planetlab.node.net.filtering.FilterTable.AssignedComment;
import org.planetlab.node.net.shaping.ClassReport;

/**
 * What the kernel holds of the agent's slots at one moment, by slot number. It is the agent's
 * only record of which sliver uses which slot: the {@code assigned} set's comments name them, so
 * a restarted agent rebuilds its view from here.
 *
 * @param namespaces slots whose namespace file exists
 * @param devices slots whose node-side veth exists
 * @param classes slots whose HTB class exists
 * @param assigned slots in service, with the sliver named in the element's comment
 * @param retired slots cut off and waiting for removal
 * @param sources slots with their anti-spoofing pair
 * @param classEntries slots with their address-to-class entry
 * @param mirrored slots whose traffic is copied to the owner VM
 * @param mirrorDevice whether the owner VM's mirror link exists
 */
record KernelState(
        Set<Integer> namespaces,
        Set<Integer> devices,
        Map<Integer, ClassReport> classes,
        Map<Integer, AssignedComment> assigned,
        Set<Integer> retired,
        Set<Integer> sources,
        Set<Integer> classEntries,
        Set<Integer> mirrored,
        boolean mirrorDevice) implements FilterElements {
    KernelState {
        namespaces = Set.copyOf(requireNonNull(namespaces, "namespaces is null"));
        devices = Set.copyOf(requireNonNull(devices, "devices is null"));
        classes = Map.copyOf(requireNonNull(classes, "classes is null"));
        assigned = Map.copyOf(requireNonNull(assigned, "assigned is null"));
        retired = Set.copyOf(requireNonNull(retired, "retired is null"));
        sources = Set.copyOf(requireNonNull(sources, "sources is null"));
        classEntries = Set.copyOf(requireNonNull(classEntries, "classEntries is null"));
        mirrored = Set.copyOf(requireNonNull(mirrored, "mirrored is null"));
    }

    /** A slot is complete when every object was built; its filter entries are made last. */
    boolean complete(int slot) {
        return namespaces.contains(slot) && devices.contains(slot) && classes.containsKey(slot)
                && sources.contains(slot) && classEntries.contains(slot);
    }

    /** True if any object of the slot is left, so its number may not be reused yet. */
    boolean holds(int slot) {
        return allSlots().contains(slot);
    }

    /** Every slot number with at least one object, in order. */
    Set<Integer> allSlots() {
        Set<Integer> all = new TreeSet<>(namespaces);
        all.addAll(devices);
        all.addAll(classes.keySet());
        all.addAll(assigned.keySet());
        all.addAll(retired);
        all.addAll(sources);
        all.addAll(classEntries);
        all.addAll(mirrored);
        return all;
    }
}
