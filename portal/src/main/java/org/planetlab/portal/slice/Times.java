package org.planetlab.portal.slice;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Times as the portal shows them: a UTC date and time, and how far from now in words. */
public final class Times {
    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);

    private Times() {}

    public static String utc(long epochSeconds) {
        return FORMAT.format(Instant.ofEpochSecond(epochSeconds));
    }

    /** "in 3 days", "2 hours ago", "in 5 minutes". */
    public static String relative(long epochSeconds, long now) {
        long delta = epochSeconds - now;
        long magnitude = Math.abs(delta);
        String amount;
        if (magnitude >= 2 * 86_400) {
            amount = (magnitude / 86_400) + " days";
        } else if (magnitude >= 2 * 3600) {
            amount = (magnitude / 3600) + " hours";
        } else if (magnitude >= 120) {
            amount = (magnitude / 60) + " minutes";
        } else {
            return "just now";
        }
        return delta >= 0 ? "in " + amount : amount + " ago";
    }
}
