package org.planetlab.node.pod;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs refused datagrams at a bounded rate: whoever floods the port cannot flood the log. At most
 * {@code perMinute} lines a minute; the next line after a quiet period says how many were left out.
 */
final class RefusalLog {
    private static final Logger LOG = LoggerFactory.getLogger(RefusalLog.class);

    private final Clock clock;
    private final int perMinute;
    /** When the current minute began; null before the first refusal. */
    private Instant windowStart;
    private int logged;
    private long suppressed;

    RefusalLog(Clock clock, int perMinute) {
        this.clock = clock;
        this.perMinute = perMinute;
    }

    /** Logs one refusal unless the minute's lines are used up; returns whether it was logged. */
    synchronized boolean refused(PodVerdict.Refused refusal, String source) {
        Instant now = clock.instant();
        if (windowStart == null || Duration.between(windowStart, now).compareTo(Duration.ofMinutes(1)) >= 0) {
            windowStart = now;
            logged = 0;
        }
        if (logged >= perMinute) {
            suppressed++;
            return false;
        }
        logged++;
        String left = suppressed == 0 ? "" : " (" + suppressed + " more refused and not logged before this)";
        suppressed = 0;
        LOG.warn("ping of death from {} ignored: {}: {}{}", source, refusal.reason(), refusal.detail(), left);
        return true;
    }
}
