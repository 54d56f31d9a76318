package org.planetlab.bench.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.planetlab.node.host.HostCommand;

/**
 * The kernel's CPU time per packet the node forwards: the system, hard and soft interrupt time of
 * all cores ({@code /proc/stat}, in USER_HZ ticks of 10 ms) over the packets the node's namespace
 * received on all its links ({@code /proc/net/dev} read inside it), between two samples. The
 * forwarding, the audit table's mark rule and conntrack's counters all run in the kernel, mostly
 * in the soft interrupts of the veths; the machine's other load moves this far less than it moves
 * a throughput, though other processes' system time does count in it.
 */
final class ForwardingCost {
    private static final double MICROS_PER_TICK = 10_000;

    private final HostCommand inNode;

    ForwardingCost(HostCommand inNode) {
        this.inNode = inNode;
    }

    /** The kernel's ticks and the node's received packets now. */
    Sample sample() {
        return new Sample(kernelTicks(), packets());
    }

    /** What was spent between two samples. */
    record Sample(long kernelTicks, long packets) {
        /** The kernel's CPU microseconds per packet forwarded since {@code earlier}; NaN if none was. */
        double microsPerPacketSince(Sample earlier) {
            long forwarded = packets - earlier.packets;
            return forwarded <= 0 ? Double.NaN : (kernelTicks - earlier.kernelTicks) * MICROS_PER_TICK / forwarded;
        }

        long packetsSince(Sample earlier) {
            return packets - earlier.packets;
        }
    }

    /** System + irq + softirq ticks of all cores (the third, sixth and seventh fields of the "cpu" line). */
    static long kernelTicks(String procStatFirstLine) {
        String[] fields = procStatFirstLine.trim().split("\\s+");
        if (fields.length < 8 || !fields[0].equals("cpu")) {
            throw new IllegalArgumentException("not /proc/stat's cpu line: " + procStatFirstLine);
        }
        return Long.parseLong(fields[3]) + Long.parseLong(fields[6]) + Long.parseLong(fields[7]);
    }

    /** The packets received on every link but loopback, from {@code /proc/net/dev}'s text. */
    static long receivedPackets(String procNetDev) {
        long packets = 0;
        for (String line : procNetDev.lines().toList()) {
            int colon = line.indexOf(':');
            if (colon < 0 || line.substring(0, colon).trim().equals("lo")) {
                continue;
            }
            String[] counters = line.substring(colon + 1).trim().split("\\s+");
            packets += Long.parseLong(counters[1]);
        }
        return packets;
    }

    private static long kernelTicks() {
        try {
            return kernelTicks(Files.readAllLines(Path.of("/proc/stat")).getFirst());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read /proc/stat", e);
        }
    }

    private long packets() {
        return receivedPackets(inNode.run(List.of("cat", "/proc/net/dev")));
    }
}
