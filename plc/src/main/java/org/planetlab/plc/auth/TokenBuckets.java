package org.planetlab.plc.auth;

import static java.util.Objects.requireNonNull;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Token buckets by key, in memory: each event takes a token, tokens come back one per refill
 * period up to the burst, and a key with no token left must wait. At most {@code maxTracked}
 * keys are kept, the least recently used dropped first (a dropped key starts full again).
 */
public final class TokenBuckets {
    private final int burst;
    private final long refillMillis;
    private final Map<String, Bucket> byKey;

    public TokenBuckets(int burst, Duration refill, int maxTracked) {
        requireNonNull(refill, "refill is null");
        if (burst < 1 || maxTracked < 1 || refill.isNegative() || refill.isZero()) {
            throw new IllegalArgumentException("burst, refill and maxTracked must be positive");
        }
        this.burst = burst;
        this.refillMillis = refill.toMillis();
        this.byKey = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
                return size() > maxTracked;
            }
        };
    }

    /** How long {@code key} must wait for a token at {@code now} (milliseconds); 0 if it has one. */
    public synchronized long waitMillis(String key, long now) {
        Bucket bucket = byKey.get(key);
        if (bucket == null) {
            return 0;
        }
        double tokens = bucket.tokensAt(now, burst, refillMillis);
        return tokens >= 1 ? 0 : (long) Math.ceil((1 - tokens) * refillMillis);
    }

    /** Takes a token from {@code key} (none below zero). */
    public synchronized void take(String key, long now) {
        Bucket bucket = byKey.computeIfAbsent(key, absent -> new Bucket(burst, now));
        bucket.tokens = Math.max(0, bucket.tokensAt(now, burst, refillMillis) - 1);
        bucket.updatedMillis = now;
    }

    /** Takes a token if {@code key} has one; whether it had. */
    public synchronized boolean tryTake(String key, long now) {
        if (waitMillis(key, now) > 0) {
            return false;
        }
        take(key, now);
        return true;
    }

    /** Fills {@code key}'s bucket again. */
    public synchronized void forget(String key) {
        byKey.remove(key);
    }

    /** The key of a source address: IPv4 as is, IPv6 by its /64, which one host usually holds whole. */
    public static String sourceKey(InetAddress source) {
        if (source instanceof Inet6Address) {
            return "6:" + Arrays.toString(Arrays.copyOf(source.getAddress(), 8));
        }
        return source.getHostAddress();
    }

    private static final class Bucket {
        private double tokens;
        private long updatedMillis;

        Bucket(double tokens, long updatedMillis) {
            this.tokens = tokens;
            this.updatedMillis = updatedMillis;
        }

        double tokensAt(long now, int burst, long refillMillis) {
            return Math.min(burst, tokens + Math.max(0, now - updatedMillis) / (double) refillMillis);
        }
    }
}
