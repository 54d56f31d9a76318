package org.planetlab.portal.slice;

import static java.util.Objects.requireNonNull;

import org.planetlab.plc.lease.LeaseDetails;

/** A lease as the slice's lease page lists it: its node and its slot in UTC, and whether it holds now. */
public record LeaseRow(long leaseId, String hostname, String from, String until, String when) {
    public LeaseRow {
        requireNonNull(hostname, "hostname is null");
        requireNonNull(from, "from is null");
        requireNonNull(until, "until is null");
        requireNonNull(when, "when is null");
    }

    static LeaseRow of(LeaseDetails lease, long now) {
        String when = lease.from() <= now ? "now, ends " + Times.relative(lease.until(), now)
                : "starts " + Times.relative(lease.from(), now);
        return new LeaseRow(lease.leaseId(), lease.hostname(), Times.utc(lease.from()), Times.utc(lease.until()), when);
    }
}
