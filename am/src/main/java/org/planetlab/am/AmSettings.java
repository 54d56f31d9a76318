package org.planetlab.am;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import org.planetlab.plc.config.ConfigSection;

/**
 * The aggregate manager's keys in {@code plc.properties}: {@code am.port} (the TLS port it serves
 * on; without it the AM does not start), {@code am.registry-port} (the TLS port of the SFA registry
 * face; without it the registry does not start; it needs {@code am.port}) and
 * {@code am.accept-rsa-sha1} (whether credentials signed with RSA-SHA1, as xmlsec1 in the SFA and
 * GENI tools signs them, are accepted; off by default).
 */
public record AmSettings(OptionalInt port, OptionalInt registryPort, boolean acceptRsaSha1) {
    private static final Set<String> KEYS = Set.of("port", "registry-port", "accept-rsa-sha1");

    public AmSettings {
        requireNonNull(port, "port is null");
        requireNonNull(registryPort, "registryPort is null");
        if (registryPort.isPresent() && port.isEmpty()) {
            throw new IllegalArgumentException("am.registry-port is set but am.port is not; the registry face is served"
                    + " beside the aggregate manager: set am.port too");
        }
    }

    /** Reads the keys under {@code am.}, refusing unknown ones and bad values with the key's name. */
    public static AmSettings of(Map<String, String> keys) {
        ConfigSection section = ConfigSection.of("am", keys, KEYS);
        return new AmSettings(port(section, "port"), port(section, "registry-port"), section.bool("accept-rsa-sha1", false));
    }

    private static OptionalInt port(ConfigSection section, String key) {
        return section.text(key).isEmpty() ? OptionalInt.empty() : OptionalInt.of((int) section.number(key, 0, 0, 65_535));
    }
}
