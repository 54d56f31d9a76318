package org.planetlab.node.net.ports;

import static java.util.Objects.requireNonNull;

/** One port of the node's address, e.g. {@code tcp 8080}. */
public record PortKey(Protocol protocol, int port) implements Comparable<PortKey> {
    public PortKey {
        requireNonNull(protocol, "protocol is null");
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("port " + port + " is outside 1 to 65535");
        }
    }

    public static PortKey tcp(int port) {
        return new PortKey(Protocol.TCP, port);
    }

    public static PortKey udp(int port) {
        return new PortKey(Protocol.UDP, port);
    }

    /** The key as nftables writes a map key: {@code tcp . 8080}. */
    String nftKey() {
        return protocol.wireName() + " . " + port;
    }

    @Override
    public int compareTo(PortKey other) {
        int byProtocol = protocol.compareTo(other.protocol);
        return byProtocol != 0 ? byProtocol : Integer.compare(port, other.port);
    }

    @Override
    public String toString() {
        return protocol.wireName() + " " + port;
    }
}
