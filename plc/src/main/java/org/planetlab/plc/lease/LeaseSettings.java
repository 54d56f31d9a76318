package org.planetlab.plc.lease;

import java.util.Map;
import java.util.Set;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.plc.config.ConfigSection;

/**
 * The {@code lease.*} keys of PLC's configuration (docs/federation.md, Reservations).
 *
 * @param granularitySeconds every lease starts and ends on a multiple of it (PLCAPI's
 *     PLC_RESERVATION_GRANULARITY, half an hour by default); tests use a few seconds
 * @param maxLeaseSeconds the longest one lease may last
 */
public record LeaseSettings(long granularitySeconds, long maxLeaseSeconds) {
    public static final LeaseSettings DEFAULTS = new LeaseSettings(1800, 31L * 24 * 3600);
    private static final Set<String> KEYS = Set.of("granularity-seconds", "max-lease-days");

    public LeaseSettings {
        if (granularitySeconds < 1 || granularitySeconds > 86_400) {
            throw PlanetLabException.invalidArgument("lease.granularity-seconds must be 1 to 86400, got " + granularitySeconds);
        }
        if (maxLeaseSeconds < granularitySeconds) {
            throw PlanetLabException.invalidArgument("lease.max-lease-days must allow at least one granule");
        }
    }

    /** Reads the section's keys; refuses keys it does not know. */
    public static LeaseSettings from(Map<String, String> keys) {
        ConfigSection section = ConfigSection.of("lease", keys, KEYS);
        return new LeaseSettings(section.number("granularity-seconds", DEFAULTS.granularitySeconds(), 1, 86_400),
                section.number("max-lease-days", DEFAULTS.maxLeaseSeconds() / 86_400, 1, 366) * 86_400);
    }
}
