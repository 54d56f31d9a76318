package org.planetlab.node.net.ports;

import java.util.Locale;
import org.planetlab.api.error.PlanetLabException;

/** The transport protocols whose ports a slice may hold, each port space separate. */
public enum Protocol {
    TCP,
    UDP;

    /** The name nftables, {@code /proc/net} and the port table use: {@code tcp}, {@code udp}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Protocol parse(String text) {
        return switch (text) {
            case "tcp" -> TCP;
            case "udp" -> UDP;
            default -> throw PlanetLabException.invalidArgument("protocol '" + text + "' must be tcp or udp");
        };
    }
}
