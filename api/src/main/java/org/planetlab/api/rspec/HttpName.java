package org.planetlab.api.rspec;

import static java.util.Objects.requireNonNull;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.planetlab.api.error.PlanetLabException;

/**
 * A value of the {@code codemux} attribute, as the original's codemux configuration wrote it:
 * the TCP port the slice's HTTP server listens on, optionally after a host name the slice
 * registers ({@code 8080} or {@code www.example.org,8080}). HTTP requests to port 80 of a node
 * for {@code <slice>.<node hostname>}, and for the registered name, go to that port of the
 * slice's sliver; the slice must hold the port on the node ({@code tcp_ports} or listening).
 *
 * @param name the registered host name, lower case; empty for the slice's own name only
 */
public record HttpName(Optional<String> name, int port) {
    private static final Pattern HOST = Pattern.compile(
            "(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]([a-z0-9-]{0,61}[a-z0-9])?");

    public HttpName {
        requireNonNull(name, "name is null");
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("port must be 1 to 65535, was " + port);
        }
        name.ifPresent(host -> {
            if (!HOST.matcher(host).matches()) {
                throw new IllegalArgumentException("'" + host + "' is not a lower-case DNS name of two labels or more");
            }
        });
    }

    /** Parses {@code PORT} or {@code NAME,PORT}; the message names what was wrong. */
    public static HttpName parse(String value) {
        String text = requireNonNull(value, "value is null").strip();
        int comma = text.indexOf(',');
        String name = comma < 0 ? "" : text.substring(0, comma).strip().toLowerCase(Locale.ROOT);
        String port = comma < 0 ? text : text.substring(comma + 1).strip();
        if (!port.matches("[0-9]{1,5}") || comma >= 0 && name.isEmpty()) {
            throw invalid(value, "write the port of the slice's HTTP server, optionally after a host name: 8080 or"
                    + " www.example.org,8080");
        }
        try {
            return new HttpName(name.isEmpty() ? Optional.empty() : Optional.of(name), Integer.parseInt(port));
        } catch (IllegalArgumentException e) {
            throw invalid(value, e.getMessage());
        }
    }

    private static PlanetLabException invalid(String value, String rule) {
        String shown = value.length() > 40 ? value.substring(0, 40) + "..." : value;
        return PlanetLabException.invalidArgument("codemux value \"%s\" is not valid: %s".formatted(shown, rule));
    }

    @Override
    public String toString() {
        return name.map(host -> host + "," + port).orElse(Integer.toString(port));
    }
}
