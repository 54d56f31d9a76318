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
 * <p>Each step's threshold is given in hours ({@code monitor.notify-tech-after-hours}) or, for a
 * testbed whose escalation must be seen within a minute, in seconds
 * ({@code monitor.notify-tech-after-seconds}); one of the two per step.
 *
 * @param silence a node silent this long is down
 * @param notifyTechAfter a node down this long is mailed to its site's technical contacts
 * @param notifyPiAfter then to its site's principal investigators
 * @param restrictSiteAfter then its site may create no new slices until the node is back
 */
public record MonitorSettings(Duration silence, Duration notifyTechAfter, Duration notifyPiAfter, Duration restrictSiteAfter) {
    private static final Set<String> KEYS = Set.of("silence-seconds", "notify-tech-after-hours", "notify-pi-after-hours",
            "restrict-site-after-hours", "notify-tech-after-seconds", "notify-pi-after-seconds",
            "restrict-site-after-seconds");
    /** A year: longer thresholds are mistakes. */
    private static final long MAX_HOURS = 24 * 366;

    public static final MonitorSettings DEFAULTS = new MonitorSettings(Duration.ofSeconds(AvailabilityService.DEFAULT_SILENCE_SECONDS),
            Duration.ofHours(24), Duration.ofHours(72), Duration.ofHours(168));

    public MonitorSettings {
        if (silence.toSeconds() < 1) {
            throw PlanetLabException.invalidArgument("monitor.silence-seconds must be at least 1");
        }
        if (notifyTechAfter.toSeconds() < 1) {
            throw PlanetLabException.invalidArgument("the monitor's first step must wait at least a second, got "
                    + describe(notifyTechAfter));
        }
        if (notifyTechAfter.compareTo(notifyPiAfter) > 0 || notifyPiAfter.compareTo(restrictSiteAfter) > 0) {
            throw PlanetLabException.invalidArgument("the monitor's steps must come in order: "
                    + setting("notify-tech-after", notifyTechAfter) + " <= " + setting("notify-pi-after", notifyPiAfter)
                    + " <= " + setting("restrict-site-after", restrictSiteAfter));
        }
    }

    /** Reads the section's keys; refuses keys it does not know. */
    public static MonitorSettings from(Map<String, String> keys) {
        ConfigSection section = ConfigSection.of("monitor", keys, KEYS);
        return new MonitorSettings(
                Duration.ofSeconds(section.number("silence-seconds", DEFAULTS.silence().toSeconds(), 1, 86_400)),
                threshold(section, "notify-tech-after", DEFAULTS.notifyTechAfter()),
                threshold(section, "notify-pi-after", DEFAULTS.notifyPiAfter()),
                threshold(section, "restrict-site-after", DEFAULTS.restrictSiteAfter()));
    }

    /** A step's threshold from its {@code -hours} or its {@code -seconds} key, refusing both at once. */
    private static Duration threshold(ConfigSection section, String step, Duration fallback) {
        boolean hours = section.text(step + "-hours").isPresent();
        boolean seconds = section.text(step + "-seconds").isPresent();
        if (hours && seconds) {
            throw PlanetLabException.invalidArgument("set " + section.fullName(step + "-hours") + " or "
                    + section.fullName(step + "-seconds") + ", not both");
        }
        if (seconds) {
            return Duration.ofSeconds(section.number(step + "-seconds", 0, 1, MAX_HOURS * 3600));
        }
        return Duration.ofHours(section.number(step + "-hours", fallback.toHours(), 1, MAX_HOURS));
    }

    /** How long a node must be down before {@code step} is taken. */
    public Duration after(EscalationStep step) {
        return switch (step) {
            case NOTIFY_TECH -> notifyTechAfter;
            case NOTIFY_PI -> notifyPiAfter;
            case RESTRICT_SITE -> restrictSiteAfter;
        };
    }

    /** A threshold as it would be configured: in hours when it is whole hours, else in seconds. */
    private static String setting(String step, Duration threshold) {
        long seconds = threshold.toSeconds();
        return seconds % 3600 == 0 ? "monitor." + step + "-hours (" + seconds / 3600 + ")"
                : "monitor." + step + "-seconds (" + seconds + ")";
    }

    /** A threshold or an outage as people read it: whole hours as hours, shorter ones in minutes or seconds. */
    static String describe(Duration span) {
        long seconds = span.toSeconds();
        if (seconds >= 3600) {
            return plural(seconds / 3600, "hour");
        }
        if (seconds >= 60 && seconds % 60 == 0) {
            return plural(seconds / 60, "minute");
        }
        return plural(seconds, "second");
    }

    private static String plural(long count, String unit) {
        return count + " " + unit + (count == 1 ? "" : "s");
    }
}
