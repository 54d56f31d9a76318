package org.planetlab.api.audit;

import static java.util.Objects.requireNonNull;

import java.util.regex.Pattern;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;

/**
 * One flow (or one period of a long flow) that a sliver sent or received, as a node records it
 * and PLC archives it. Attribution ({@code sliceId}, {@code sliceName}) is the node's, taken from
 * the kernel's knowledge of which sliver's interface the packets crossed.
 *
 * <p>ICMP has no ports: {@code remotePort} carries {@code type * 256 + code} and the other ports
 * are 0, as flow exporters conventionally do.
 *
 * @param nodeId the node that recorded the flow
 * @param sliceId the slice's database id at PLC
 * @param sliceName the slice's login name, e.g. {@code princeton_codeen}
 * @param direction who opened the flow
 * @param protocol the IP protocol number (6 TCP, 17 UDP, 1 ICMP, 58 ICMPv6, others as raw IP)
 * @param startMillis the first packet of this record, milliseconds since the epoch
 * @param endMillis the last packet of this record; not before {@code startMillis}
 * @param sliverAddress the sliver's own (private) address
 * @param sliverPort the sliver's port, 0 where the protocol has none
 * @param publicAddress the node's public address the flow appeared under outside the node
 * @param publicPort the port outside the node after address translation, 0 where none
 * @param remoteAddress the other end's address
 * @param remotePort the other end's port (ICMP: type * 256 + code), 0 where none
 * @param packetsOut packets from the sliver
 * @param bytesOut bytes from the sliver, IP headers included
 * @param packetsIn packets to the sliver
 * @param bytesIn bytes to the sliver, IP headers included
 * @param tcpFlags the union of the TCP flags seen (0 for other protocols)
 * @param dropped whether the node's filters dropped the flow's packets
 */
public record FlowRecord(
        int nodeId,
        int sliceId,
        String sliceName,
        Direction direction,
        int protocol,
        long startMillis,
        long endMillis,
        String sliverAddress,
        int sliverPort,
        String publicAddress,
        int publicPort,
        String remoteAddress,
        int remotePort,
        long packetsOut,
        long bytesOut,
        long packetsIn,
        long bytesIn,
        int tcpFlags,
        boolean dropped) {

    /** Who opened the flow. */
    public enum Direction {
        /** The sliver opened it. */
        OUTBOUND,
        /** Someone outside the sliver opened it. */
        INBOUND
    }

    private static final Pattern IPV6 = Pattern.compile("[0-9a-f:.]{2,45}");

    public FlowRecord {
        requireNonNull(sliceName, "sliceName is null");
        requireNonNull(direction, "direction is null");
        requireNonNull(sliverAddress, "sliverAddress is null");
        requireNonNull(publicAddress, "publicAddress is null");
        requireNonNull(remoteAddress, "remoteAddress is null");
        // PLC builds hundreds of thousands of records a second from uploads: every message below is
        // built only when its check fails.
        if (nodeId <= 0) {
            throw invalid("node_id must be positive, got " + nodeId);
        }
        if (sliceId <= 0) {
            throw invalid("slice_id must be positive, got " + sliceId);
        }
        if (!isSliceName(sliceName)) {
            throw invalid("slice name is not a login name: " + printable(sliceName));
        }
        if (protocol < 0 || protocol > 255) {
            throw invalid("protocol must be 0-255, got " + protocol);
        }
        if (startMillis <= 0) {
            throw invalid("start must be after 1970, got " + startMillis);
        }
        if (endMillis < startMillis) {
            throw invalid("end " + endMillis + " is before start " + startMillis);
        }
        checkAddress("sliver_address", sliverAddress);
        checkAddress("public_address", publicAddress);
        checkAddress("remote_address", remoteAddress);
        checkPort("sliver_port", sliverPort);
        checkPort("public_port", publicPort);
        checkPort("remote_port", remotePort);
        if (packetsOut < 0 || bytesOut < 0 || packetsIn < 0 || bytesIn < 0) {
            throw invalid("packet and byte counts must not be negative");
        }
        if (packetsOut + packetsIn <= 0) {
            throw invalid("a flow has at least one packet");
        }
        if (bytesOut < packetsOut * 20 || bytesIn < packetsIn * 20) {
            throw invalid("bytes must be at least 20 per packet (an IP header)");
        }
        if (tcpFlags < 0 || tcpFlags > 0xff) {
            throw invalid("tcp_flags must be 0-255, got " + tcpFlags);
        }
        if (protocol != 6 && tcpFlags != 0) {
            throw invalid("tcp_flags must be 0 for protocol " + protocol);
        }
    }

    /** Whether {@code text} is an IPv4 or IPv6 address literal, written as the JDK and conntrack write it. */
    public static boolean isAddressLiteral(String text) {
        if (text == null) {
            return false;
        }
        if (isDottedQuad(text)) {
            return true;
        }
        return text.indexOf(':') >= 0 && IPV6.matcher(text).matches();
    }

    /** Four decimal octets 0-255 without leading zeros (checked without a regex: it runs for every record). */
    private static boolean isDottedQuad(String text) {
        int length = text.length();
        int index = 0;
        for (int octet = 0; octet < 4; octet++) {
            if (octet > 0) {
                if (index >= length || text.charAt(index) != '.') {
                    return false;
                }
                index++;
            }
            int first = index;
            int value = 0;
            while (index < length && index - first < 3 && text.charAt(index) >= '0' && text.charAt(index) <= '9') {
                value = value * 10 + (text.charAt(index) - '0');
                index++;
            }
            int digits = index - first;
            if (digits == 0 || value > 255 || (digits > 1 && text.charAt(first) == '0')) {
                return false;
            }
        }
        return index == length;
    }

    private static boolean isSliceName(String name) {
        int length = name.length();
        if (length == 0 || length > 64) {
            return false;
        }
        for (int index = 0; index < length; index++) {
            char c = name.charAt(index);
            boolean allowed = c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' && index > 0;
            if (!allowed) {
                return false;
            }
        }
        return true;
    }

    private static void checkAddress(String field, String address) {
        if (!isAddressLiteral(address)) {
            throw invalid(field + " is not an IP address literal: " + printable(address));
        }
    }

    private static void checkPort(String field, int port) {
        if (port < 0 || port > 65_535) {
            throw invalid(field + " must be 0-65535, got " + port);
        }
    }

    private static PlanetLabException invalid(String message) {
        return new PlanetLabException(ErrorCode.INVALID_ARGUMENT, "flow record: " + message);
    }

    private static String printable(String text) {
        String cut = text.length() > 64 ? text.substring(0, 64) + "..." : text;
        StringBuilder out = new StringBuilder(cut.length() + 2).append('"');
        cut.codePoints().forEach(c -> {
            if (c >= 0x20 && c < 0x7f) {
                out.appendCodePoint(c);
            } else {
                out.append(String.format("\\u%04x", c));
            }
        });
        return out.append('"').toString();
    }
}
