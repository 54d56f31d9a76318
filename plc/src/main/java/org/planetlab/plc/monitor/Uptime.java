package org.planetlab.plc.monitor;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Seconds up, down and unknown of a period {@code [from, until)}, from a node's intervals: an
 * open interval lasts until {@code now}; time no interval covers (before the first heartbeat,
 * or after {@code now}) is unknown and left out of the uptime fraction.
 */
public record Uptime(long upSeconds, long downSeconds, long unknownSeconds) {
    public static Uptime of(List<AvailabilityInterval> intervals, long from, long until, long now) {
        if (until < from) {
            throw new IllegalArgumentException("the period ends (" + until + ") before it starts (" + from + ")");
        }
        long up = 0;
        long down = 0;
        for (AvailabilityInterval interval : intervals) {
            long start = Math.max(from, interval.start());
            long end = Math.min(until, interval.end().orElse(Math.max(now, interval.start())));
            if (end > start) {
                if (interval.up()) {
                    up += end - start;
                } else {
                    down += end - start;
                }
            }
        }
        return new Uptime(up, down, Math.max(0, (until - from) - up - down));
    }

    /** The sum of several nodes' uptimes, in node-seconds. */
    public Uptime plus(Uptime other) {
        return new Uptime(upSeconds + other.upSeconds, downSeconds + other.downSeconds,
                unknownSeconds + other.unknownSeconds);
    }

    /** up / (up + down); empty if nothing is known of the period. */
    public Optional<Double> fraction() {
        long known = upSeconds + downSeconds;
        return known == 0 ? Optional.empty() : Optional.of((double) upSeconds / known);
    }

    Map<String, Object> toWire(long nodeId, String hostname) {
        Map<String, Object> wire = new LinkedHashMap<>();
        wire.put("node_id", nodeId);
        wire.put("hostname", hostname);
        wire.put("up_seconds", upSeconds);
        wire.put("down_seconds", downSeconds);
        wire.put("unknown_seconds", unknownSeconds);
        wire.put("uptime", fraction().orElse(null));
        return wire;
    }
}
