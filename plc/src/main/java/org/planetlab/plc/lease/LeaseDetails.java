package org.planetlab.plc.lease;

import static java.util.Objects.requireNonNull;

/** A lease as front ends show it: its node by name, its slot in seconds since the epoch, {@code [from, until)}. */
public record LeaseDetails(long leaseId, long nodeId, String hostname, long sliceId, long from, long until) {
    public LeaseDetails {
        requireNonNull(hostname, "hostname is null");
    }
}
