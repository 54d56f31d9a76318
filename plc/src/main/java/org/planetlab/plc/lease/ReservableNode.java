package org.planetlab.plc.lease;

import static java.util.Objects.requireNonNull;

/** A live node of type reservable: one that is leased to slices by time slot. */
public record ReservableNode(long nodeId, String hostname) {
    public ReservableNode {
        requireNonNull(hostname, "hostname is null");
    }
}
