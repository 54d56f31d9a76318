package org.planetlab.portal;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.planetlab.api.error.PlanetLabException;

/**
 * The portal's settings, from the {@code portal.*} keys of plc.properties.
 *
 * @param publicUrl the address people reach the portal at, for the links in mails (never taken
 *     from a request's Host header, which anyone can set); by default PLC's first TLS name and port
 * @param sessionSeconds how long a login lasts (12 hours by default)
 */
public record PortalSettings(Optional<URI> publicUrl, long sessionSeconds) {
    private static final Set<String> KEYS = Set.of("public-url", "session-seconds");

    public PortalSettings {
        requireNonNull(publicUrl, "publicUrl is null");
        publicUrl.ifPresent(url -> {
            if (!"https".equals(url.getScheme()) || url.getHost() == null) {
                throw PlanetLabException.invalidArgument("portal.public-url must be an https:// address, got " + url);
            }
        });
        if (sessionSeconds < 300 || sessionSeconds > 30L * 24 * 3600) {
            throw PlanetLabException.invalidArgument(
                    "portal.session-seconds must be from 300 to 2592000 (30 days), got " + sessionSeconds);
        }
    }

    public static final PortalSettings DEFAULT = new PortalSettings(Optional.empty(), 12 * 3600);

    /** Reads the section's keys; refuses keys it does not know. */
    public static PortalSettings from(Map<String, String> section) {
        Set<String> unknown = new TreeSet<>(section.keySet());
        unknown.removeAll(KEYS);
        if (!unknown.isEmpty()) {
            throw PlanetLabException.invalidArgument("unknown portal configuration keys " + unknown
                    + "; known keys are portal." + String.join(", portal.", new TreeSet<>(KEYS)));
        }
        Optional<URI> url;
        try {
            url = Optional.ofNullable(section.get("public-url")).filter(text -> !text.isBlank()).map(String::strip)
                    .map(URI::create);
        } catch (IllegalArgumentException e) {
            throw PlanetLabException.invalidArgument("portal.public-url is not an address: " + e.getMessage());
        }
        return new PortalSettings(url, number(section, "session-seconds", DEFAULT.sessionSeconds()));
    }

    private static long number(Map<String, String> section, String key, long fallback) {
        String text = section.get(key);
        if (text == null) {
            return fallback;
        }
        try {
            return Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            throw PlanetLabException.invalidArgument("portal." + key + " must be a whole number, got '" + text + "'");
        }
    }
}
