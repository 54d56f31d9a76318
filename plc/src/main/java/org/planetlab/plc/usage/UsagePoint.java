package org.planetlab.plc.usage;

/**
 * Usage in one interval of a series, [start, start + length): a slice's over all its nodes, or a
 * node's over its slices. CPU time and traffic are what the nodes counted in it (samples are
 * increases, hours their sums).
 */
public record UsagePoint(long start, long cpuNs, long bytesSent, long bytesReceived) {
    public static UsagePoint empty(long start) {
        return new UsagePoint(start, 0, 0, 0);
    }

    /** This interval's usage with another's of the same interval added. */
    UsagePoint plus(UsagePoint other) {
        return new UsagePoint(start, cpuNs + other.cpuNs, bytesSent + other.bytesSent,
                bytesReceived + other.bytesReceived);
    }
}
