package org.planetlab.node.sliver;

/**
 * What a sliver uses now (memory, disk, processes) and has used since it was created (CPU time,
 * traffic since its network was attached).
 */
public record SliverUsage(
        long cpuNanoseconds,
        long memoryBytes,
        long diskBytes,
        long processes,
        long bytesSent,
        long packetsSent,
        long bytesReceived,
        long packetsReceived) {}
