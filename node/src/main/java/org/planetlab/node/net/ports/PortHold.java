package org.planetlab.node.net.ports;

import static java.util.Objects.requireNonNull;

import java.util.Locale;
import org.planetlab.api.error.PlanetLabException;

/**
 * A port held by a sliver, and why: its slice reserved it at PLC, or one of its processes took
 * it by listening on it first.
 */
public record PortHold(PortKey key, String sliverName, Basis basis) {
    public enum Basis {
        /** A {@code tcp_ports} or {@code udp_ports} reservation: held while the reservation lasts. */
        RESERVED,
        /** Taken by listening: held while the sliver listens on it. */
        LISTENING,
        /** Asked for by the slice itself through the vsys helper {@code port}: held until it lets go or the sliver goes. */
        REQUESTED;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public PortHold {
        requireNonNull(key, "key is null");
        requireNonNull(sliverName, "sliverName is null");
        requireNonNull(basis, "basis is null");
        if (!sliverName.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")) {
            throw new IllegalArgumentException("sliver name '" + sliverName + "' is not valid");
        }
    }

    /** The line the port table keeps: {@code tcp 8080 princeton_codeen reserved}. */
    String line() {
        return key + " " + sliverName + " " + basis.wireName();
    }

    public static PortHold parse(String line) {
        String[] fields = line.strip().split(" ");
        if (fields.length != 4) {
            throw PlanetLabException.invalidArgument("port table line '" + line + "' is not 'protocol port sliver basis'");
        }
        try {
            return new PortHold(new PortKey(Protocol.parse(fields[0]), Integer.parseInt(fields[1])), fields[2],
                    Basis.valueOf(fields[3].toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException | PlanetLabException e) {
            throw PlanetLabException.invalidArgument("port table line '" + line + "' is not valid: " + e.getMessage());
        }
    }
}
