package org.planetlab.portal.security;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Limits password guessing: at most {@code limit} failed logins per key (an account's address, or
 * a client address) in a sliding window; further attempts are refused without checking the
 * password until old failures leave the window. A success clears the key's failures.
 */
public final class LoginThrottle {
    /** Keys remembered at most; past that, the keys whose failures all left the window are dropped. */
    private static final int MAX_KEYS = 100_000;

    private final int limit;
    private final long windowMillis;
    private final Clock clock;
    private final Map<String, Deque<Long>> failures = new ConcurrentHashMap<>();

    public LoginThrottle(int limit, long windowSeconds, Clock clock) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive, got " + limit);
        }
        this.limit = limit;
        this.windowMillis = windowSeconds * 1000;
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** Whether another attempt under {@code key} may be checked now. */
    public boolean allows(String key) {
        Deque<Long> times = failures.get(key);
        if (times == null) {
            return true;
        }
        synchronized (times) {
            prune(times, clock.millis());
            return times.size() < limit;
        }
    }

    public void failed(String key) {
        if (failures.size() >= MAX_KEYS) {
            long now = clock.millis();
            failures.values().removeIf(times -> {
                synchronized (times) {
                    prune(times, now);
                    return times.isEmpty();
                }
            });
        }
        Deque<Long> times = failures.computeIfAbsent(key, ignored -> new ArrayDeque<>());
        synchronized (times) {
            times.addLast(clock.millis());
            while (times.size() > limit) {
                times.removeFirst();
            }
        }
    }

    public void succeeded(String key) {
        failures.remove(key);
    }

    private void prune(Deque<Long> times, long now) {
        while (!times.isEmpty() && times.peekFirst() <= now - windowMillis) {
            times.removeFirst();
        }
    }
}
