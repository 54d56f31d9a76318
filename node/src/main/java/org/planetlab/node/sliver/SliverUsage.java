package org.planetlab.node.sliver;

/**
 * What a sliver uses now (memory, disk, processes) and has used since it was created (CPU time,
 * traffic since its network was attached), with its CPU cap (percent of one CPU, 0 for none) and
 * how long the cap has held it back.
 */
public record SliverUsage(
        long cpuNanoseconds,
        long memoryBytes,
        long diskBytes,
        long processes,
        long bytesSent,
        long packetsSent,
        long bytesReceived,
        long packetsReceived,
        long cpuCapPercent,
        long cpuThrottledNanoseconds) {

    /** Usage of a sliver without a CPU cap. */
    public SliverUsage(long cpuNanoseconds, long memoryBytes, long diskBytes, long processes, long bytesSent, long packetsSent,
            long bytesReceived, long packetsReceived) {
        this(cpuNanoseconds, memoryBytes, diskBytes, processes, bytesSent, packetsSent, bytesReceived, packetsReceived, 0, 0);
    }
}
