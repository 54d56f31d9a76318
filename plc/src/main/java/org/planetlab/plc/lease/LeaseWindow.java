package org.planetlab.plc.lease;

import java.util.List;

/** The calendar query: the earliest slot free on every one of several nodes. */
public final class LeaseWindow {
    private LeaseWindow() {}

    /**
     * A free slot.
     *
     * @param nodeIds the nodes free during all of it
     */
    public record Window(long from, long until, List<Long> nodeIds) {
        public Window {
            nodeIds = List.copyOf(nodeIds);
        }
    }

    /**
     * The earliest start, at or after {@code start}, of a slot of {@code length} seconds that
     * overlaps none of {@code busy} (slots {from, until} of all the nodes together, sorted by
     * their start). Starts only ever move to the end of a busy slot, so they stay on the
     * granularity when {@code start} and the slots are on it.
     */
    static long earliest(List<long[]> busy, long start, long length) {
        long candidate = start;
        for (long[] slot : busy) {
            if (slot[1] <= candidate) {
                continue;
            }
            if (slot[0] >= candidate + length) {
                break;
            }
            candidate = slot[1];
        }
        return candidate;
    }
}
