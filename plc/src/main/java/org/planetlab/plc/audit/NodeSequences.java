package org.planetlab.plc.audit;

import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * Which batch numbers of one node are stored: everything up to the highest, except the ranges
 * not received yet (gaps, from batches that arrived out of order). Kept in memory so that the
 * duplicate check needs no index over every batch ever stored; rebuilt from the archive at start.
 */
final class NodeSequences {
    private long highest;
    /** Missing ranges below {@link #highest}: first number to last number, inclusive. */
    private final TreeMap<Long, Long> missing = new TreeMap<>();

    OptionalLong highest() {
        return highest == 0 ? OptionalLong.empty() : OptionalLong.of(highest);
    }

    boolean contains(long sequence) {
        if (sequence > highest) {
            return false;
        }
        Map.Entry<Long, Long> range = missing.floorEntry(sequence);
        return range == null || range.getValue() < sequence;
    }

    /** Adds the stored numbers {@code first..last}; ranges must come in ascending order, above all added before. */
    void addAscendingRange(long first, long last) {
        if (first > highest + 1) {
            missing.put(highest + 1, first - 1);
        }
        highest = Math.max(highest, last);
    }

    void add(long sequence) {
        if (sequence > highest) {
            if (sequence > highest + 1) {
                missing.put(highest + 1, sequence - 1);
            }
            highest = sequence;
            return;
        }
        Map.Entry<Long, Long> range = missing.floorEntry(sequence);
        if (range == null || range.getValue() < sequence) {
            return;
        }
        missing.remove(range.getKey());
        if (range.getKey() < sequence) {
            missing.put(range.getKey(), sequence - 1);
        }
        if (range.getValue() > sequence) {
            missing.put(sequence + 1, range.getValue());
        }
    }
}
