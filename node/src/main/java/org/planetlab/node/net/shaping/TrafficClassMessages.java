package org.planetlab.node.net.shaping;

import static org.planetlab.node.net.kernel.NetlinkMessage.NLM_F_ACK;
import static org.planetlab.node.net.kernel.NetlinkMessage.NLM_F_CREATE;
import static org.planetlab.node.net.kernel.NetlinkMessage.NLM_F_REPLACE;
import static org.planetlab.node.net.kernel.NetlinkMessage.NLM_F_REQUEST;
import static org.planetlab.node.net.kernel.NetlinkMessage.attribute;
import static org.planetlab.node.net.kernel.NetlinkMessage.message;
import static org.planetlab.node.net.kernel.NetlinkMessage.nested;
import static org.planetlab.node.net.kernel.NetlinkMessage.string;
import static org.planetlab.node.net.kernel.NetlinkMessage.u32;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.planetlab.node.net.layout.SlotLayout;

/**
 * Routing netlink requests for a slot's HTB class and byte-limited FIFO leaf, what
 * {@code tc class replace ... htb rate R ceil C quantum Q} and {@code tc qdisc replace ... bfifo
 * limit L} send. The rates go in bytes per second with the link layer set to Ethernet, so the
 * kernel computes packet times itself and needs no rate table; the bursts ({@link
 * ClassRates#burstBytes}) go as the time they take at the rate, in scheduler ticks.
 */
final class TrafficClassMessages {
    private static final int RTM_NEWQDISC = 36;
    private static final int RTM_NEWTCLASS = 40;
    private static final int RTM_DELTCLASS = 41;
    private static final int TCA_KIND = 1;
    private static final int TCA_OPTIONS = 2;
    private static final int TCA_HTB_PARMS = 1;
    private static final int TC_LINKLAYER_ETHERNET = 1;

    private TrafficClassMessages() {}

    /**
     * Creates or changes class {@code 1:minor} under {@code 1:1}.
     *
     * @param ticksPerMicrosecond the packet scheduler's clock, from {@code /proc/net/psched}
     */
    static byte[] htbClass(int deviceIndex, int minor, ClassRates rates, double ticksPerMicrosecond, int sequence) {
        long rateBytes = rates.rateKbps() * 1000 / 8;
        long ceilBytes = rates.ceilKbps() * 1000 / 8;
        if (ceilBytes > 0xffffffffL) {
            throw new IllegalArgumentException("rates above 34 Gbit/s need tc: " + rates);
        }
        byte[] options = ByteBuffer.allocate(44).order(ByteOrder.nativeOrder())
                .put(rateSpec(rateBytes)).put(rateSpec(ceilBytes))
                .putInt(ticks(rates.burstBytes(), rateBytes, ticksPerMicrosecond))
                .putInt(ticks(rates.ceilBurstBytes(), ceilBytes, ticksPerMicrosecond))
                .putInt((int) rates.quantumBytes()).putInt(0).putInt(0).array();
        return message(RTM_NEWTCLASS, NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_REPLACE, sequence,
                tcmsg(deviceIndex, (1 << 16) | minor, (1 << 16) | SlotLayout.ROOT_CLASS),
                attribute(TCA_KIND, string("htb")), nested(TCA_OPTIONS, attribute(TCA_HTB_PARMS, options)));
    }

    /** Creates or resizes the byte-limited FIFO under class {@code 1:minor}, handle {@code minor:}. */
    /** Deletes the class {@code 1:minor} (and its leaf queue with it). */
    static byte[] deleteClass(int deviceIndex, int minor, int sequence) {
        return message(RTM_DELTCLASS, NLM_F_REQUEST | NLM_F_ACK, sequence, tcmsg(deviceIndex, (1 << 16) | minor, 0));
    }

    static byte[] fifoLeaf(int deviceIndex, int minor, long limitBytes, int sequence) {
        return message(RTM_NEWQDISC, NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_REPLACE, sequence,
                tcmsg(deviceIndex, minor << 16, (1 << 16) | minor),
                attribute(TCA_KIND, string("bfifo")), attribute(TCA_OPTIONS, u32((int) limitBytes)));
    }

    /** Ticks of the packet scheduler to send {@code bytes} at {@code bytesPerSecond}, as tc computes them. */
    static int ticks(long bytes, long bytesPerSecond, double ticksPerMicrosecond) {
        return (int) Math.min(0xffffffffL, (long) (1e6 * bytes / bytesPerSecond * ticksPerMicrosecond));
    }

    /** Reads {@code /proc/net/psched} as tc does (its {@code tc_core_init}). */
    static double ticksPerMicrosecond(String psched) {
        String[] fields = psched.strip().split("\\s+");
        long ticksToMicroseconds = Long.parseLong(fields[0], 16);
        long microsecondsToTicks = Long.parseLong(fields[1], 16);
        long clockResolution = Long.parseLong(fields[2], 16);
        if (clockResolution == 1_000_000_000L) {
            // Kernels with a nanosecond clock advertise a multiplier of 1000 that means 1.
            ticksToMicroseconds = microsecondsToTicks;
        }
        return (double) ticksToMicroseconds / microsecondsToTicks * (clockResolution / 1e6);
    }

    private static byte[] rateSpec(long bytesPerSecond) {
        return ByteBuffer.allocate(12).order(ByteOrder.nativeOrder())
                .put((byte) 0).put((byte) TC_LINKLAYER_ETHERNET).putShort((short) 0).putShort((short) -1).putShort((short) 0)
                .putInt((int) bytesPerSecond).array();
    }

    private static byte[] tcmsg(int deviceIndex, int handle, int parent) {
        return ByteBuffer.allocate(20).order(ByteOrder.nativeOrder())
                .put((byte) 0).put((byte) 0).putShort((short) 0).putInt(deviceIndex).putInt(handle).putInt(parent).putInt(0).array();
    }
}
