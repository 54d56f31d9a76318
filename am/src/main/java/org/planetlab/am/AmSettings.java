package org.planetlab.am;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import org.planetlab.api.error.PlanetLabException;

/**
 * The aggregate manager's keys in {@code plc.properties}: {@code am.port} (the TLS port it serves
 * on; without it the AM does not start) and {@code am.accept-rsa-sha1} (whether credentials signed
 * with RSA-SHA1, as xmlsec1 in the SFA and GENI tools signs them, are accepted; off by default).
 */
public record AmSettings(OptionalInt port, boolean acceptRsaSha1) {
    private static final Set<String> KEYS = Set.of("port", "accept-rsa-sha1");

    public AmSettings {
        requireNonNull(port, "port is null");
    }

    /** Reads the keys under {@code am.}, refusing unknown ones and bad values with the key's name. */
    public static AmSettings of(Map<String, String> settings) {
        Set<String> unknown = new TreeSet<>(settings.keySet());
        unknown.removeAll(KEYS);
        if (!unknown.isEmpty()) {
            throw PlanetLabException.invalidArgument("unknown configuration keys " + unknown.stream().map(key -> "am." + key).toList()
                    + "; the aggregate manager knows am.port and am.accept-rsa-sha1");
        }
        OptionalInt port = OptionalInt.empty();
        String portText = settings.get("port");
        if (portText != null) {
            try {
                int value = Integer.parseInt(portText.strip());
                if (value < 0 || value > 65535) {
                    throw new NumberFormatException();
                }
                port = OptionalInt.of(value);
            } catch (NumberFormatException e) {
                throw PlanetLabException.invalidArgument("configuration key am.port: \"" + portText
                        + "\" is not valid; expected a TCP port from 0 to 65535");
            }
        }
        String sha1 = settings.getOrDefault("accept-rsa-sha1", "false").strip().toLowerCase(java.util.Locale.ROOT);
        if (!Set.of("true", "false").contains(sha1)) {
            throw PlanetLabException.invalidArgument("configuration key am.accept-rsa-sha1: \"" + sha1 + "\" is not valid; expected true or false");
        }
        return new AmSettings(port, sha1.equals("true"));
    }
}
