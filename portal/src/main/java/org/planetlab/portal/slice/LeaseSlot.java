package org.planetlab.portal.slice;

import static java.util.Objects.requireNonNull;

/**
 * What the lease page's reservation form holds: a node, a start as its datetime-local control
 * shows it (UTC), and a length in hours.
 */
public record LeaseSlot(long nodeId, String start, long hours) {
    public LeaseSlot {
        requireNonNull(start, "start is null");
    }
}
