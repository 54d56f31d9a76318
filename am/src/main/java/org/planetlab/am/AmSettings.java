package org.planetlab.am;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import org.planetlab.plc.config.ConfigSection;

/**
 * The aggregate manager's keys in {@code plc.properties}: {@code am.port} (the TLS port it serves
 * on; without it the AM does not start) and {@code am.registry-port} (the TLS port of the SFA
 * registry face; without it the registry does not start; it needs {@code am.port}). Whether an
 * authority's RSA-SHA1 signatures are accepted is that authority's policy (see
 * {@link org.planetlab.am.gid.AuthorityPolicy}), not a setting of the whole aggregate.
 */
public record AmSettings(OptionalInt port, OptionalInt registryPort) {
    private static final Set<String> KEYS = Set.of("port", "registry-port");

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
        if (keys.containsKey("accept-rsa-sha1")) {
            throw org.planetlab.api.error.PlanetLabException.invalidArgument("am.accept-rsa-sha1 is no longer a setting: RSA-SHA1 is accepted per authority,"
                    + " with accept-rsa-sha1=true in the policy file beside its root (trust/geni/sa.policy for PLC's own,"
                    + " trust/geni/trusted_roots/<name>.policy for others); remove the key from plc.properties");
        }
        ConfigSection section = ConfigSection.of("am", keys, KEYS);
        return new AmSettings(port(section, "port"), port(section, "registry-port"));
    }

    private static OptionalInt port(ConfigSection section, String key) {
        return section.text(key).isEmpty() ? OptionalInt.empty() : OptionalInt.of((int) section.number(key, 0, 0, 65_535));
    }
}
