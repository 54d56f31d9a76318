package org.planetlab.plc.audit;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.planetlab.api.audit.FlowRecord;
import org.planetlab.api.error.PlanetLabException;

/**
 * IP addresses as the archive keys them: 128 bits in two longs, IPv4 as IPv4-mapped IPv6, so
 * every spelling of one address ({@code 2001:db8::1}, {@code 2001:0db8:0:0::1}) finds the same
 * flows, and sorted data keeps each address's flows together.
 */
final class Addresses {
    private Addresses() {}

    /** The address's key: its high and low 64 bits. */
    record Key(long high, long low) {}

    static Key key(String literal) {
        long dotted = ipv4(literal);
        if (dotted >= 0) {
            return new Key(0, 0xffff_0000_0000L | dotted);
        }
        // Checked first so that nothing but a literal ever reaches the resolver (no DNS lookups).
        if (!FlowRecord.isAddressLiteral(literal)) {
            throw PlanetLabException.invalidArgument("not an IP address literal: use e.g. 192.0.2.7 or 2001:db8::7");
        }
        byte[] bytes;
        try {
            bytes = InetAddress.getByName(literal).getAddress();
        } catch (UnknownHostException e) {
            throw PlanetLabException.invalidArgument("not an IP address literal: use e.g. 192.0.2.7 or 2001:db8::7");
        }
        if (bytes.length == 4) {
            long v4 = ((bytes[0] & 0xffL) << 24) | ((bytes[1] & 0xffL) << 16) | ((bytes[2] & 0xffL) << 8) | (bytes[3] & 0xffL);
            return new Key(0, 0xffff_0000_0000L | v4);
        }
        return new Key(word(bytes, 0), word(bytes, 8));
    }

    /** A dotted-quad IPv4 address as a number, or -1 if the text is not one; the archive's hot path. */
    private static long ipv4(String text) {
        long address = 0;
        int octets = 0;
        int value = -1;
        for (int index = 0; index <= text.length(); index++) {
            char c = index < text.length() ? text.charAt(index) : '.';
            if (c >= '0' && c <= '9') {
                if (value == 0) {
                    return -1; // a leading zero: not written as the JDK and conntrack write addresses
                }
                value = (value < 0 ? 0 : value * 10) + (c - '0');
                if (value > 255) {
                    return -1;
                }
            } else if (c == '.' && value >= 0 && octets < 4) {
                address = (address << 8) | value;
                octets++;
                value = -1;
            } else {
                return -1;
            }
        }
        return octets == 4 ? address : -1;
    }

    /**
     * The address's text as the archive renders it from its key: IPv4 (and IPv4-mapped IPv6) as a
     * dotted quad, IPv6 as RFC 5952 writes it (lower case, no leading zeros, the longest run of two
     * or more zero groups, the first of equal runs, as {@code ::}).
     */
    static String render(long high, long low) {
        if (high == 0 && (low >>> 32) == 0xffffL) {
            return ((low >>> 24) & 0xff) + "." + ((low >>> 16) & 0xff) + "." + ((low >>> 8) & 0xff) + "." + (low & 0xff);
        }
        int[] groups = new int[8];
        for (int index = 0; index < 4; index++) {
            groups[index] = (int) ((high >>> (48 - 16 * index)) & 0xffff);
            groups[index + 4] = (int) ((low >>> (48 - 16 * index)) & 0xffff);
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int index = 0; index < 8; ) {
            if (groups[index] != 0) {
                index++;
                continue;
            }
            int end = index;
            while (end < 8 && groups[end] == 0) {
                end++;
            }
            if (end - index > bestLength) {
                bestStart = index;
                bestLength = end - index;
            }
            index = end;
        }
        StringBuilder text = new StringBuilder(39);
        for (int index = 0; index < 8; index++) {
            if (index == bestStart) {
                text.append("::");
                index += bestLength - 1;
                continue;
            }
            if (index > 0 && index != bestStart + bestLength) {
                text.append(':');
            }
            text.append(Integer.toHexString(groups[index]));
        }
        return text.toString();
    }

    /**
     * The literal if it is not the text {@link #render} makes of its key (another spelling of the
     * address, kept so that answers give the address as the node wrote it), else null. A dotted
     * quad the archive accepts is always the rendered text.
     */
    static String spelling(String literal, Key key) {
        if (literal.indexOf(':') < 0) {
            return null;
        }
        return render(key.high(), key.low()).equals(literal) ? null : literal;
    }

    private static long word(byte[] bytes, int offset) {
        long value = 0;
        for (int index = offset; index < offset + 8; index++) {
            value = (value << 8) | (bytes[index] & 0xffL);
        }
        return value;
    }
}
