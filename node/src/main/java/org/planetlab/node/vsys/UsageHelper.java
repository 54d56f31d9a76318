package org.planetlab.node.vsys;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Function;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.node.sliver.SliverUsage;

/**
 * {@code usage}: the calling slice's own resource use on this node, one {@code name value} line
 * each, as the node manager's GetUsage reports it. Takes an empty request.
 */
final class UsageHelper implements VsysHelper {
    static final String NAME = "usage";

    private final Function<String, SliverUsage> usage;

    UsageHelper(Function<String, SliverUsage> usage) {
        this.usage = requireNonNull(usage, "usage is null");
    }

    @Override
    public byte[] run(String slice, String request, int outputBytes, Duration runTime) {
        if (!request.isBlank()) {
            throw PlanetLabException.invalidArgument("usage takes no request: write an empty line");
        }
        SliverUsage used = usage.apply(slice);
        String answer = "cpu_ns " + used.cpuNanoseconds() + "\n"
                + "cpu_cap " + used.cpuCapPercent() + "\n"
                + "cpu_throttled_ns " + used.cpuThrottledNanoseconds() + "\n"
                + "memory_bytes " + used.memoryBytes() + "\n"
                + "disk_bytes " + used.diskBytes() + "\n"
                + "processes " + used.processes() + "\n"
                + "bytes_sent " + used.bytesSent() + "\n"
                + "packets_sent " + used.packetsSent() + "\n"
                + "bytes_received " + used.bytesReceived() + "\n"
                + "packets_received " + used.packetsReceived() + "\n";
        return answer.getBytes(StandardCharsets.US_ASCII);
    }
}
