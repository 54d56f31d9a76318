package org.planetlab.plc.monitor;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.plc.config.ConfigSection;

/**
 * The {@code monitor.*} keys of PLC's configuration: when a node is down, and how the monitor
 * escalates a node that stays down (the original monitor's policy: the site's technical contacts
 * after a day, its PIs after a few days, then the site may create no new slices until the node is
 * back).
 *
 * @param silence a node silent this long is down
 * @param notifyTechAfter a node down this long is mailed to its site's technical contacts
 * @param notifyPiAfter then to its site's principal investigators
 * @param restrictSiteAfter then its site may create no new slices until the node is back
 */
public record MonitorSettings(Duration silence, Duration notifyTechAfter, Duration notifyPiAfter, Duration restrictSiteAfter) {
    private static final Set<String> KEYS = Set.of("silence-seconds", "notify-tech-after-hours", "notify-pi-after-hours",
            "restrict-site-after-hours");
    /** A year: longer thresholds are mistakes. */
    private static final long MAX_HOURS = 24 * 366;

    public static final MonitorSettings DEFAULTS = new MonitorSettings(Duration.ofSeconds(AvailabilityService.DEFAULT_SILENCE_SECONDS),
            Duration.ofHours(24), Duration.ofHours(72), Duration.ofHours(168));

    public MonitorSettings {
        if (silence.toSeconds() < 1) {
            throw PlanetLabException.invalidArgument("monitor.silence-seconds must be at least 1");
        }
        if (notifyTechAfter.compareTo(notifyPiAfter) > 0 || notifyPiAfter.compareTo(restrictSiteAfter) > 0) {
            throw PlanetLabException.invalidArgument("the monitor's steps must come in order: monitor.notify-tech-after-hours ("
                    + notifyTechAfter.toHours() + ") <= monitor.notify-pi-after-hours (" + notifyPiAfter.toHours()
                    + ") <= monitor.restrict-site-after-hours (" + restrictSiteAfter.toHours() + ")");
        }
    }

    /** Reads the section's keys; refuses keys it does not know. */
    public static MonitorSettings from(Map<String, String> keys) {
        ConfigSection section = ConfigSection.of("monitor", keys, KEYS);
        return new MonitorSettings(
                Duration.ofSeconds(section.number("silence-seconds", DEFAULTS.silence().toSeconds(), 1, 86_400)),
                Duration.ofHours(section.number("notify-tech-after-hours", DEFAULTS.notifyTechAfter().toHours(), 1, MAX_HOURS)),
                Duration.ofHours(section.number("notify-pi-after-hours", DEFAULTS.notifyPiAfter().toHours(), 1, MAX_HOURS)),
                Duration.ofHours(section.number("restrict-site-after-hours", DEFAULTS.restrictSiteAfter().toHours(), 1,
                        MAX_HOURS)));
    }

    /** How long a node must be down before {@code step} is taken. */
    public Duration after(EscalationStep step) {
        return switch (step) {
            case NOTIFY_TECH -> notifyTechAfter;
            case NOTIFY_PI -> notifyPiAfter;
            case RESTRICT_SITE -> restrictSiteAfter;
        };
    }
}
