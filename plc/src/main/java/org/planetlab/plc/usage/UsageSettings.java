package org.planetlab.plc.usage;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.api.usage.UsageApi;
import org.planetlab.plc.config.ConfigSection;

/**
 * The {@code usage.*} keys of PLC's configuration: how often nodes report their slivers' usage,
 * and how long samples are kept fine (one per report) and coarse (one per hour).
 *
 * @param reportInterval how often a node reports, as PLC's answer tells it
 * @param fineRetention samples older than this are rolled up into hours
 * @param coarseRetention hours older than this are dropped
 */
public record UsageSettings(Duration reportInterval, Duration fineRetention, Duration coarseRetention) {
    private static final Set<String> KEYS = Set.of("report-interval-seconds", "fine-retention-days",
            "coarse-retention-days");

    public static final UsageSettings DEFAULTS = new UsageSettings(Duration.ofSeconds(UsageApi.DEFAULT_INTERVAL_SECONDS),
            Duration.ofDays(7), Duration.ofDays(366));

    public UsageSettings {
        if (reportInterval.toSeconds() < 1 || reportInterval.toSeconds() > 3600) {
            throw PlanetLabException.invalidArgument("usage.report-interval-seconds must be from 1 to 3600");
        }
        if (fineRetention.compareTo(coarseRetention) > 0) {
            throw PlanetLabException.invalidArgument("usage.fine-retention-days (" + fineRetention.toDays()
                    + ") must not exceed usage.coarse-retention-days (" + coarseRetention.toDays() + ")");
        }
    }

    /** Reads the section's keys; refuses keys it does not know. */
    public static UsageSettings from(Map<String, String> keys) {
        ConfigSection section = ConfigSection.of("usage", keys, KEYS);
        return new UsageSettings(
                Duration.ofSeconds(section.number("report-interval-seconds", DEFAULTS.reportInterval().toSeconds(), 1, 3600)),
                Duration.ofDays(section.number("fine-retention-days", DEFAULTS.fineRetention().toDays(), 1, 366)),
                Duration.ofDays(section.number("coarse-retention-days", DEFAULTS.coarseRetention().toDays(), 1, 3660)));
    }
}
