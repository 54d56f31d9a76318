package org.planetlab.am;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import org.planetlab.plc.config.ConfigSection;

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
    public static AmSettings of(Map<String, String> keys) {
        ConfigSection section = ConfigSection.of("am", keys, KEYS);
        OptionalInt port = section.text("port").isEmpty() ? OptionalInt.empty()
                : OptionalInt.of((int) section.number("port", 0, 0, 65_535));
        return new AmSettings(port, section.bool("accept-rsa-sha1", false));
    }
}
