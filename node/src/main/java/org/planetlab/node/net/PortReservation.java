package org.planetlab.node.net;

import static java.util.Objects.requireNonNull;

import org.planetlab.api.rspec.PortList;

/**
 * The ports of the node's address a sliver's slice reserved at PLC (its {@code tcp_ports} and
 * {@code udp_ports}), and whether an operator let it hold ports below 1024
 * ({@code privileged_ports}), by reservation or by listening.
 */
public record PortReservation(PortList tcp, PortList udp, boolean privileged) {
    public static final PortReservation NONE = new PortReservation(PortList.EMPTY, PortList.EMPTY, false);

    public PortReservation {
        requireNonNull(tcp, "tcp is null");
        requireNonNull(udp, "udp is null");
    }
}
