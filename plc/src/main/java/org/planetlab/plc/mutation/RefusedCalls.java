package org.planetlab.plc.mutation;

import java.net.InetAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.planetlab.plc.auth.TokenBuckets;

/**
 * How many refused calls the event log takes: per source address (an IPv6 source by its /64)
 * and over all sources, so a flood of refused requests, which anyone can send, cannot fill the
 * store. What is left out is counted per source and noted in that source's next record. The
 * counts live in memory, per server.
 */
public final class RefusedCalls {
    /** Refusals recorded from one source in a burst. */
    public static final int PER_SOURCE_BURST = 60;
    /** Then one more per this period. */
    public static final Duration PER_SOURCE_REFILL = Duration.ofSeconds(10);
    private static final int OVERALL_BURST = 600;
    private static final Duration OVERALL_REFILL = Duration.ofSeconds(1);
    private static final int MAX_SOURCES = 100_000;
    private static final String OVERALL = "";

    private final TokenBuckets perSource = new TokenBuckets(PER_SOURCE_BURST, PER_SOURCE_REFILL, MAX_SOURCES);
    private final TokenBuckets overall = new TokenBuckets(OVERALL_BURST, OVERALL_REFILL, 1);
    private final Map<String, Long> leftOut = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > MAX_SOURCES;
        }
    };

    /**
     * Whether a refusal from {@code source} is recorded: if so, a note on what was left out
     * from it since its last record (empty if nothing); if not, it is counted as left out.
     */
    synchronized Optional<String> admit(InetAddress source, long nowMillis) {
        String key = TokenBuckets.sourceKey(source);
        if (perSource.waitMillis(key, nowMillis) > 0 || overall.waitMillis(OVERALL, nowMillis) > 0) {
            leftOut.merge(key, 1L, Long::sum);
            return Optional.empty();
        }
        perSource.take(key, nowMillis);
        overall.take(OVERALL, nowMillis);
        Long count = leftOut.remove(key);
        return Optional.of(count == null ? "" : " (%d further refusals from this address were not recorded)".formatted(count));
    }
}
