package org.planetlab.plc.usage;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.api.usage.UsageApi;
import org.planetlab.plc.config.ConfigSection;

/**
 * The {@code usage.*} keys of PLC's configuration: how often nodes report their slivers' usage,
 * how long samples are kept fine (one per report) and coarse (one per hour), and past which
 * amount of a day a sliver's users and its site's PIs are told.
 *
 * @param reportInterval how often a node reports, as PLC's answer tells it
 * @param fineRetention samples older than this are rolled up into hours
 * @param coarseRetention hours older than this are dropped
 * @param notifyBytesPerDay bytes sent and received by a sliver in a UTC day past which its slice
 *     is told (0: never); a slice's {@code net_thresh_kbyte} tag overrides it
 * @param notifyCpuSecondsPerDay CPU seconds of a sliver in a UTC day past which its slice is told
 *     (0: never)
 */
public record UsageSettings(Duration reportInterval, Duration fineRetention, Duration coarseRetention, long notifyBytesPerDay,
                            long notifyCpuSecondsPerDay) {
    private static final Set<String> KEYS = Set.of("report-interval-seconds", "fine-retention-days",
            "coarse-retention-days", "notify-bytes-per-day", "notify-cpu-seconds-per-day");
    /**
     * The original node manager's daily threshold: 80 % of its default cap of 10,546,875 KiB a day
     * per sliver (bwmon's {@code default_ThreshKByte}), in bytes.
     */
    private static final long DEFAULT_NOTIFY_BYTES = 10_546_875L * 1024 * 8 / 10;

    public static final UsageSettings DEFAULTS = new UsageSettings(Duration.ofSeconds(UsageApi.DEFAULT_INTERVAL_SECONDS),
            Duration.ofDays(7), Duration.ofDays(366), DEFAULT_NOTIFY_BYTES, 0);

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
                Duration.ofDays(section.number("coarse-retention-days", DEFAULTS.coarseRetention().toDays(), 1, 3660)),
                section.number("notify-bytes-per-day", DEFAULTS.notifyBytesPerDay(), 0, 1L << 62),
                section.number("notify-cpu-seconds-per-day", DEFAULTS.notifyCpuSecondsPerDay(), 0, 86_400L * 4096));
    }
}
