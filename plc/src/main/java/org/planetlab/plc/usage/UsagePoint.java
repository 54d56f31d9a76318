package org.planetlab.plc.usage;

/**
 * A slice's usage over all its nodes in one interval of a series, [start, start + length): CPU
 * time and traffic are what the nodes counted in it (samples are increases, hours their sums).
 */
public record UsagePoint(long start, long cpuNs, long bytesSent, long bytesReceived) {
    public static UsagePoint empty(long start) {
        return new UsagePoint(start, 0, 0, 0);
    }
}
