package org.planetlab.bench.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.planetlab.node.host.HostCommand;

/**
 * The kernel's CPU time per packet the node forwards, between two samples: the time all cores
 * spent in soft interrupts ({@code /proc/stat}, in USER_HZ ticks of 10 ms), and all their kernel
 * time (system, hard and soft interrupts), over the packets the node's namespace received on all
 * its links ({@code /proc/net/dev} read inside it). The forwarding, the audit table's mark rule and
 * conntrack's counters all run in the veths' soft interrupts (the kernel counts a tick that lands
 * in one as softirq whichever process it interrupted), so the soft interrupt time is the one
 * auditing moves and other processes' system calls do not; the kernel time adds the senders' and
 * receivers' system calls.
 */
final class ForwardingCost {
    private static final double MICROS_PER_TICK = 10_000;

    private final HostCommand inNode;

    ForwardingCost(HostCommand inNode) {
        this.inNode = inNode;
    }

    /** The kernel's ticks and the node's received packets now. */
    Sample sample() {
        return sample(readProcStat(), packets());
    }

    static Sample sample(String procStatFirstLine, long packets) {
        String[] fields = procStatFirstLine.trim().split("\\s+");
        if (fields.length < 8 || !fields[0].equals("cpu")) {
            throw new IllegalArgumentException("not /proc/stat's cpu line: " + procStatFirstLine);
        }
        long softirq = Long.parseLong(fields[7]);
        return new Sample(softirq, Long.parseLong(fields[3]) + Long.parseLong(fields[6]) + softirq, packets);
    }

    /** Soft interrupt ticks and kernel ticks (system + irq + softirq) of all cores, and the node's received packets. */
    record Sample(long softirqTicks, long kernelTicks, long packets) {
        /** Soft interrupt microseconds per packet forwarded since {@code earlier}; NaN if none was. */
        double softirqMicrosPerPacketSince(Sample earlier) {
            return perPacket(softirqTicks - earlier.softirqTicks, earlier);
        }

        /** Kernel microseconds per packet forwarded since {@code earlier}; NaN if none was. */
        double kernelMicrosPerPacketSince(Sample earlier) {
            return perPacket(kernelTicks - earlier.kernelTicks, earlier);
        }

        long packetsSince(Sample earlier) {
            return packets - earlier.packets;
        }

        private double perPacket(long ticks, Sample earlier) {
            long forwarded = packetsSince(earlier);
            return forwarded <= 0 ? Double.NaN : ticks * MICROS_PER_TICK / forwarded;
        }
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

    private static String readProcStat() {
        try {
            return Files.readAllLines(Path.of("/proc/stat")).getFirst();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read /proc/stat", e);
        }
    }

    private long packets() {
        return receivedPackets(inNode.run(List.of("cat", "/proc/net/dev")));
    }
}
