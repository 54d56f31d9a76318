package org.planetlab.node.net;

import static java.util.Objects.requireNonNull;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;
import org.planetlab.api.error.PlanetLabException;

/**
 * An IPv4 network written {@code a.b.c.d/len}; the address is the network's first address (host
 * bits zero), so two spellings of one network are equal.
 *
 * @param network the first address of the network
 * @param prefixLength how many leading bits name the network, 0 to 32
 */
public record Ipv4Cidr(Inet4Address network, int prefixLength) {
    private static final Pattern DOTTED_QUAD =
            Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");

    public Ipv4Cidr {
        requireNonNull(network, "network is null");
        if (prefixLength < 0 || prefixLength > 32) {
            throw new IllegalArgumentException("prefix length " + prefixLength + " is not between 0 and 32");
        }
        if ((toInt(network) & ~mask(prefixLength)) != 0) {
            throw new IllegalArgumentException(network.getHostAddress() + "/" + prefixLength
                    + " has host bits set; write the network's first address");
        }
    }

    /**
     * Reads {@code a.b.c.d/len} or a bare address (a /32). Host bits must be zero.
     *
     * @throws PlanetLabException with {@code INVALID_ARGUMENT} naming the text
     */
    public static Ipv4Cidr parse(String text) {
        requireNonNull(text, "text is null");
        String trimmed = text.strip();
        int slash = trimmed.indexOf('/');
        String address = slash < 0 ? trimmed : trimmed.substring(0, slash);
        String length = slash < 0 ? "32" : trimmed.substring(slash + 1);
        if (!DOTTED_QUAD.matcher(address).matches() || !length.matches("\\d{1,2}")) {
            throw PlanetLabException.invalidArgument(
                    "'" + text + "' is not an IPv4 network; write it as a.b.c.d/len, e.g. 192.0.2.0/24");
        }
        try {
            return new Ipv4Cidr(parseAddress(address), Integer.parseInt(length));
        } catch (IllegalArgumentException e) {
            throw PlanetLabException.invalidArgument("'" + text + "' is not a valid IPv4 network: " + e.getMessage());
        }
    }

    /** Reads a dotted-quad IPv4 address without any name lookup. */
    public static Inet4Address parseAddress(String text) {
        if (!DOTTED_QUAD.matcher(text).matches()) {
            throw PlanetLabException.invalidArgument("'" + text + "' is not an IPv4 address such as 192.0.2.1");
        }
        String[] parts = text.split("\\.");
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            bytes[i] = (byte) Integer.parseInt(parts[i]);
        }
        return fromBytes(bytes);
    }

    /** How many addresses the network holds. */
    public long size() {
        return 1L << (32 - prefixLength);
    }

    /** The address {@code offset} places after the network's first address. */
    public Inet4Address addressAt(long offset) {
        if (offset < 0 || offset >= size()) {
            throw new IllegalArgumentException("offset " + offset + " is outside " + this);
        }
        return fromInt((int) (toInt(network) + offset));
    }

    public boolean contains(Inet4Address address) {
        return (toInt(address) & mask(prefixLength)) == toInt(network);
    }

    /** True if the two networks share at least one address. */
    public boolean overlaps(Ipv4Cidr other) {
        int shorter = Math.min(prefixLength, other.prefixLength);
        return (toInt(network) & mask(shorter)) == (toInt(other.network) & mask(shorter));
    }

    @Override
    public String toString() {
        return network.getHostAddress() + "/" + prefixLength;
    }

    public static int toInt(Inet4Address address) {
        byte[] bytes = address.getAddress();
        return ((bytes[0] & 0xff) << 24) | ((bytes[1] & 0xff) << 16) | ((bytes[2] & 0xff) << 8) | (bytes[3] & 0xff);
    }

    private static int mask(int prefixLength) {
        return prefixLength == 0 ? 0 : -1 << (32 - prefixLength);
    }

    private static Inet4Address fromInt(int value) {
        return fromBytes(new byte[] {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value});
    }

    private static Inet4Address fromBytes(byte[] bytes) {
        try {
            return (Inet4Address) InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("four bytes are always an IPv4 address", e);
        }
    }
}
