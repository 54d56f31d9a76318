package org.planetlab.plc.usage;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Usage over a period: increases summed, sizes and rates at their peak. Summed over nodes, a peak
 * is the sum of each node's peak (what the slice held at most on each node).
 */
record UsageTotals(long cpuNanoseconds, long memoryBytes, long diskBytes, long processes, long bytesSent,
        long packetsSent, long bytesReceived, long packetsReceived, long bandwidthBitsPerSecond) {
    static final UsageTotals NONE = new UsageTotals(0, 0, 0, 0, 0, 0, 0, 0, 0);

    UsageTotals plus(UsageTotals other) {
        return new UsageTotals(cpuNanoseconds + other.cpuNanoseconds, memoryBytes + other.memoryBytes,
                diskBytes + other.diskBytes, processes + other.processes, bytesSent + other.bytesSent,
                packetsSent + other.packetsSent, bytesReceived + other.bytesReceived,
                packetsReceived + other.packetsReceived, bandwidthBitsPerSecond + other.bandwidthBitsPerSecond);
    }

    /** The value the top-consumer tables rank by. */
    long measure(String metric) {
        return switch (metric) {
            case "cpu" -> cpuNanoseconds;
            case "memory" -> memoryBytes;
            case "bandwidth" -> bandwidthBitsPerSecond;
            case "bytes" -> bytesSent + bytesReceived;
            default -> throw new IllegalArgumentException("no usage metric is named " + metric);
        };
    }

    /** As UsageApi.USAGE, for a slice (and a node) or their totals. */
    Map<String, Object> toWire(Optional<Long> sliceId, Optional<String> name, Optional<Long> nodeId,
            Optional<String> hostname) {
        Map<String, Object> wire = new LinkedHashMap<>();
        wire.put("slice_id", sliceId.orElse(null));
        wire.put("name", name.orElse(null));
        wire.put("node_id", nodeId.orElse(null));
        wire.put("hostname", hostname.orElse(null));
        wire.put("cpu_seconds", cpuNanoseconds / 1e9);
        wire.put("memory_bytes", memoryBytes);
        wire.put("disk_bytes", diskBytes);
        wire.put("processes", processes);
        wire.put("bytes_sent", bytesSent);
        wire.put("packets_sent", packetsSent);
        wire.put("bytes_received", bytesReceived);
        wire.put("packets_received", packetsReceived);
        wire.put("bandwidth_bps", bandwidthBitsPerSecond);
        return wire;
    }
}
