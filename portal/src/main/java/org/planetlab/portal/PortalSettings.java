package org.planetlab.portal;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.plc.config.ConfigSection;

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
    public static PortalSettings from(Map<String, String> keys) {
        ConfigSection section = ConfigSection.of("portal", keys, KEYS);
        Optional<URI> url;
        try {
            url = section.text("public-url").map(URI::create);
        } catch (IllegalArgumentException e) {
            throw PlanetLabException.invalidArgument("portal.public-url is not an address: " + e.getMessage());
        }
        return new PortalSettings(url, section.number("session-seconds", DEFAULT.sessionSeconds(), Long.MIN_VALUE,
                Long.MAX_VALUE));
    }
}
