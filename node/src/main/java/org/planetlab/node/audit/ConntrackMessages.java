package org.planetlab.node.audit;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.planetlab.node.net.kernel.NetlinkMessage;

/**
 * Reads and writes connection tracking's netlink messages (ctnetlink): the end of a connection as
 * the kernel announces it to the {@code NFNLGRP_CONNTRACK_DESTROY} group, and a connection as a
 * dump or a get answers, with its tuples, counters, mark, id and times, into the same
 * {@link ConntrackEntry} the {@code conntrack} tool's lines give; the requests that list the
 * connections and that read and zero one connection's counters.
 */
final class ConntrackMessages {
    /** The multicast group of connection ends, as a bit for the socket's address. */
    static final int DESTROY_GROUP = 1 << (3 - 1);
    private static final int CONNTRACK_DELETE = (1 << 8) | 2;
    /** Lists connections (with {@code NLM_F_DUMP}) or gets one, zeroing nothing. */
    static final int CONNTRACK_GET = (1 << 8) | 1;
    /** Gets one connection and zeroes its counters in the same step, answering with what they held. */
    static final int CONNTRACK_GET_ZEROING = (1 << 8) | 3;
    private static final int HEADER = 16;
    private static final int FAMILY_HEADER = 4;
    private static final int IPV4 = 2;
    private static final int NESTED = 0x8000;
    private static final int BYTE_ORDER = 0x4000;

    private static final int TUPLE_ORIGINAL = 1;
    private static final int TUPLE_REPLY = 2;
    private static final int PROTOCOL_INFO = 4;
    private static final int MARK = 8;
    private static final int COUNTERS_ORIGINAL = 9;
    private static final int COUNTERS_REPLY = 10;
    private static final int ID = 12;
    private static final int ZONE = 18;
    private static final int TIMESTAMP = 20;

    /** conntrack's TCP states, numbered as the kernel numbers them, named as the tool names them. */
    private static final List<String> TCP_STATES = List.of("NONE", "SYN_SENT", "SYN_RECV", "ESTABLISHED", "FIN_WAIT",
            "CLOSE_WAIT", "LAST_ACK", "TIME_WAIT", "CLOSE", "SYN_SENT2");

    private ConntrackMessages() {
    }

    /** The IPv4 connection ends in one datagram, in order; other messages are passed over. */
    static List<ConntrackEntry> destroyed(byte[] datagram, int length) {
        List<ConntrackEntry> ended = new ArrayList<>();
        ByteBuffer buffer = ByteBuffer.wrap(datagram, 0, length).order(ByteOrder.nativeOrder());
        while (buffer.remaining() >= HEADER) {
            int start = buffer.position();
            int messageLength = buffer.getInt(start);
            int type = Short.toUnsignedInt(buffer.getShort(start + 4));
            if (messageLength < HEADER || start + messageLength > length) {
                break;
            }
            if (type == CONNTRACK_DELETE && messageLength >= HEADER + FAMILY_HEADER
                    && Byte.toUnsignedInt(datagram[start + HEADER]) == IPV4) {
                ended.add(entry(datagram, start + HEADER + FAMILY_HEADER, start + messageLength, true));
            }
            buffer.position(Math.min(length, start + align(messageLength)));
        }
        return ended;
    }

    /**
     * A connection as a dump or a get answers (the message's body, after the netlink header), with
     * what is needed to ask for it again; empty when it is not IPv4.
     */
    static Optional<Listed> listed(ByteBuffer body) {
        byte[] message = new byte[body.remaining()];
        body.duplicate().get(message);
        if (message.length < FAMILY_HEADER || Byte.toUnsignedInt(message[0]) != IPV4) {
            return Optional.empty();
        }
        Map<Integer, int[]> attributes = attributes(message, FAMILY_HEADER, message.length);
        return Optional.of(new Listed(entry(message, FAMILY_HEADER, message.length, false),
                whole(message, attributes.get(TUPLE_ORIGINAL)), whole(message, attributes.get(ZONE))));
    }

    /** The family header of an IPv4 request: family, version 0, resource id 0. */
    static byte[] ipv4Header() {
        return new byte[] {IPV4, 0, 0, 0};
    }

    /**
     * A request that reads and zeroes the counters of {@code connection} alone: its original tuple,
     * zone and id as the kernel gave them. The kernel answers with the counters it zeroed.
     */
    static byte[] zeroing(Listed connection, int sequence) {
        byte[] id = new byte[4];
        long value = connection.entry().id();
        for (int i = 3; i >= 0; i--) {
            id[i] = (byte) value;
            value >>>= 8;
        }
        return NetlinkMessage.message(CONNTRACK_GET_ZEROING, NetlinkMessage.NLM_F_REQUEST, sequence, ipv4Header(),
                connection.tuple(), connection.zone(), NetlinkMessage.attribute(ID, id));
    }

    /**
     * A listed connection, with its original-tuple attribute and zone attribute (empty without one)
     * exactly as the kernel wrote them, padded, to be sent back.
     */
    record Listed(ConntrackEntry entry, byte[] tuple, byte[] zone) {}

    /** The attribute whose payload is {@code span}, header included and padded; empty when absent. */
    private static byte[] whole(byte[] message, int[] span) {
        if (span == null) {
            return new byte[0];
        }
        byte[] attribute = new byte[align(span[1] - span[0] + 4)];
        System.arraycopy(message, span[0] - 4, attribute, 0, span[1] - span[0] + 4);
        return attribute;
    }

    private static ConntrackEntry entry(byte[] message, int from, int to, boolean destroyed) {
        Map<Integer, int[]> attributes = attributes(message, from, to);
        ConntrackEntry.Tuple original = tuple(message, attributes.get(TUPLE_ORIGINAL));
        ConntrackEntry.Tuple reply = tuple(message, attributes.get(TUPLE_REPLY));
        int protocol = protocol(message, attributes.get(TUPLE_ORIGINAL));
        long[] counted = counters(message, attributes.get(COUNTERS_ORIGINAL));
        long[] answered = counters(message, attributes.get(COUNTERS_REPLY));
        long[] times = times(message, attributes.get(TIMESTAMP));
        long stopMillis = destroyed && times[1] > 0 ? times[1] / 1_000_000 : 0;
        long ageSeconds = times[0] > 0 && times[1] >= times[0] ? (times[1] - times[0]) / 1_000_000_000 : -1;
        return new ConntrackEntry(Integer.toUnsignedLong((int) number(message, attributes.get(ID), 4)), protocol,
                protocol == 6 ? tcpState(message, attributes.get(PROTOCOL_INFO)) : "", original, reply, counted[0], counted[1],
                answered[0], answered[1], (int) number(message, attributes.get(MARK), 4), ageSeconds, stopMillis, destroyed);
    }

    /** Attribute type → {payload start, payload end} of the attributes between two offsets. */
    private static Map<Integer, int[]> attributes(byte[] message, int from, int to) {
        Map<Integer, int[]> found = new HashMap<>();
        ByteBuffer buffer = ByteBuffer.wrap(message).order(ByteOrder.nativeOrder());
        int at = from;
        while (at + 4 <= to) {
            int length = Short.toUnsignedInt(buffer.getShort(at));
            int type = Short.toUnsignedInt(buffer.getShort(at + 2)) & ~(NESTED | BYTE_ORDER);
            if (length < 4 || at + length > to) {
                break;
            }
            found.put(type, new int[] {at + 4, at + length});
            at += align(length);
        }
        return found;
    }

    private static ConntrackEntry.Tuple tuple(byte[] message, int[] span) {
        if (span == null) {
            throw new IllegalArgumentException("a connection's end without both directions");
        }
        Map<Integer, int[]> parts = attributes(message, span[0], span[1]);
        Map<Integer, int[]> addresses = nested(message, parts.get(1));
        Map<Integer, int[]> ports = nested(message, parts.get(2));
        String source = address(message, addresses.get(1));
        String destination = address(message, addresses.get(2));
        int protocol = (int) number(message, ports.get(1), 1);
        if (protocol == 1) {
            int typeAndCode = (int) number(message, ports.get(5), 1) * 256 + (int) number(message, ports.get(6), 1);
            return new ConntrackEntry.Tuple(source, destination, 0, typeAndCode);
        }
        return new ConntrackEntry.Tuple(source, destination, (int) number(message, ports.get(2), 2),
                (int) number(message, ports.get(3), 2));
    }

    private static int protocol(byte[] message, int[] span) {
        Map<Integer, int[]> ports = nested(message, attributes(message, span[0], span[1]).get(2));
        return (int) number(message, ports.get(1), 1);
    }

    private static Map<Integer, int[]> nested(byte[] message, int[] span) {
        return span == null ? Map.of() : attributes(message, span[0], span[1]);
    }

    /** {packets, bytes}; zeros when the kernel counts nothing. */
    private static long[] counters(byte[] message, int[] span) {
        Map<Integer, int[]> values = nested(message, span);
        return new long[] {number(message, values.get(1), 8), number(message, values.get(2), 8)};
    }

    /** {start, stop} in nanoseconds since the epoch; zeros without timestamps. */
    private static long[] times(byte[] message, int[] span) {
        Map<Integer, int[]> values = nested(message, span);
        return new long[] {number(message, values.get(1), 8), number(message, values.get(2), 8)};
    }

    private static String tcpState(byte[] message, int[] span) {
        Map<Integer, int[]> tcp = nested(message, nested(message, span).get(1));
        int state = (int) number(message, tcp.get(1), 1);
        return state < TCP_STATES.size() ? TCP_STATES.get(state) : "";
    }

    private static String address(byte[] message, int[] span) {
        if (span == null || span[1] - span[0] != 4) {
            return "";
        }
        return Byte.toUnsignedInt(message[span[0]]) + "." + Byte.toUnsignedInt(message[span[0] + 1]) + "."
                + Byte.toUnsignedInt(message[span[0] + 2]) + "." + Byte.toUnsignedInt(message[span[0] + 3]);
    }

    /** A big-endian number of {@code bytes} bytes (ctnetlink's values are in network order); 0 when absent. */
    private static long number(byte[] message, int[] span, int bytes) {
        if (span == null || span[1] - span[0] < bytes) {
            return 0;
        }
        long value = 0;
        for (int i = 0; i < bytes; i++) {
            value = (value << 8) | Byte.toUnsignedInt(message[span[0] + i]);
        }
        return value;
    }

    private static int align(int length) {
        return (length + 3) & ~3;
    }
}
