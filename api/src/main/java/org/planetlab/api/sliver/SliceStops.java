package org.planetlab.api.sliver;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.List;

/**
 * The stops a node must honour beyond the states of the slivers its view lists: a slice stopped
 * at its authority may hold tickets redeemable on any node, including nodes it has no sliver on,
 * so every node's view names every stopped slice. The node's ticket desk refuses their tickets
 * and stops the slivers made from them.
 *
 * @param everySlice true while operators have stopped every slice on every node
 * @param slices the hierarchical names of the slices stopped now, sorted, each once
 */
public record SliceStops(boolean everySlice, List<String> slices) {
    /** No stop in force. */
    public static final SliceStops NONE = new SliceStops(false, List.of());

    public SliceStops {
        requireNonNull(slices, "slices is null");
        slices = slices.stream().map(name -> requireNonNull(name, "a slice name is null")).sorted().distinct().toList();
    }

    /** Whether the slice of this hierarchical name may not run. */
    public boolean stops(String hierarchicalName) {
        return everySlice || Collections.binarySearch(slices, hierarchicalName) >= 0;
    }
}
