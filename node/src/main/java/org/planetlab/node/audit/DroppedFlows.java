package org.planetlab.node.audit;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Packets the node's filters dropped, gathered into flows until {@link #drain}: the drop rules
 * log every packet to an nflog group with the device it came in on (or was to go out on), and
 * the device, not the packet's claimed source, says whose packet it was.
 */
final class DroppedFlows {
    /** One dropped flow; {@code fromSliver} when the sliver sent it, else it was on its way in. */
    record Key(String device, boolean fromSliver, int protocol, String source, String destination, int sourcePort,
            int destinationPort, int icmpTypeAndCode) {
        Key {
            requireNonNull(device, "device is null");
            requireNonNull(source, "source is null");
            requireNonNull(destination, "destination is null");
        }
    }

    /** What was dropped of one flow. */
    record Counts(long firstMillis, long lastMillis, long packets, long bytes, int tcpFlags) {
        Counts plus(long millis, int length, int flags) {
            return new Counts(Math.min(firstMillis, millis), Math.max(lastMillis, millis), packets + 1,
                    bytes + Math.max(length, 20), tcpFlags | flags);
        }
    }

    /** A drained flow. */
    record Dropped(Key key, Counts counts) {}

    private static final int MOST_FLOWS = 100_000;

    private final Map<Key, Counts> flows = new LinkedHashMap<>();
    private long overflowed;

    /**
     * Counts one logged IPv4 packet.
     *
     * @param device the node-side device, the sliver's veth
     * @param fromSliver whether it came in on that device (else it was to go out on it)
     * @param packet the packet from its IP header on (possibly cut short)
     * @param millis when it was logged
     */
    synchronized void add(String device, boolean fromSliver, byte[] packet, long millis) {
        if (packet.length < 20 || (packet[0] >> 4) != 4) {
            return;
        }
        int headerLength = (packet[0] & 0x0f) * 4;
        int totalLength = ((packet[2] & 0xff) << 8) | (packet[3] & 0xff);
        int protocol = packet[9] & 0xff;
        String source = address(packet, 12);
        String destination = address(packet, 16);
        boolean firstFragment = (((packet[6] & 0x1f) << 8) | (packet[7] & 0xff)) == 0;
        int sourcePort = 0;
        int destinationPort = 0;
        int icmp = 0;
        int flags = 0;
        if (firstFragment && (protocol == 6 || protocol == 17) && packet.length >= headerLength + 4) {
            sourcePort = unsignedShort(packet, headerLength);
            destinationPort = unsignedShort(packet, headerLength + 2);
            if (protocol == 6 && packet.length >= headerLength + 14) {
                flags = packet[headerLength + 13] & 0xff;
            }
        } else if (firstFragment && protocol == 1 && packet.length >= headerLength + 2) {
            icmp = (packet[headerLength] & 0xff) * 256 + (packet[headerLength + 1] & 0xff);
        }
        Key key = new Key(device, fromSliver, protocol, source, destination, sourcePort, destinationPort, icmp);
        Counts counts = flows.get(key);
        if (counts == null) {
            if (flows.size() >= MOST_FLOWS) {
                overflowed++;
                return;
            }
            counts = new Counts(millis, millis, 0, 0, 0);
        }
        flows.put(key, counts.plus(millis, totalLength, flags));
    }

    /** Takes every flow gathered so far. */
    synchronized List<Dropped> drain() {
        List<Dropped> drained = new ArrayList<>(flows.size());
        flows.forEach((key, counts) -> drained.add(new Dropped(key, counts)));
        flows.clear();
        return drained;
    }

    /** Dropped packets not gathered because too many distinct flows were waiting. */
    synchronized long overflowed() {
        return overflowed;
    }

    private static String address(byte[] packet, int at) {
        return (packet[at] & 0xff) + "." + (packet[at + 1] & 0xff) + "." + (packet[at + 2] & 0xff) + "." + (packet[at + 3] & 0xff);
    }

    private static int unsignedShort(byte[] packet, int at) {
        return ((packet[at] & 0xff) << 8) | (packet[at + 1] & 0xff);
    }
}
