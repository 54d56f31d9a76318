package org.planetlab.node.audit.page;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A token bucket per client address: {@code perMinute} requests a minute on average, up to
 * {@code burst} at once. The least recently seen clients are forgotten past a bound, so many
 * addresses cannot fill the node's memory.
 */
final class ClientRateLimit {
    private static final int MOST_CLIENTS = 10_000;

    private final Clock clock;
    private final double perMillisecond;
    private final double burst;
    private final Map<String, double[]> buckets = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, double[]> eldest) {
            return size() > MOST_CLIENTS;
        }
    };

    ClientRateLimit(Clock clock, int perMinute, int burst) {
        if (perMinute <= 0 || burst <= 0) {
            throw new IllegalArgumentException("the rate and the burst must be positive");
        }
        this.clock = clock;
        this.perMillisecond = perMinute / 60_000.0;
        this.burst = burst;
    }

    /** Whether {@code client} may make one more request now (and counts it). */
    synchronized boolean allow(String client) {
        long now = clock.millis();
        double[] bucket = buckets.computeIfAbsent(client, ignored -> new double[] {burst, now});
        bucket[0] = Math.min(burst, bucket[0] + (now - bucket[1]) * perMillisecond);
        bucket[1] = now;
        if (bucket[0] < 1) {
            return false;
        }
        bucket[0] -= 1;
        return true;
    }
}
