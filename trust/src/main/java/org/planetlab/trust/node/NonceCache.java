package org.planetlab.trust.node;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.PriorityQueue;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;

/**
 * Remembers the nonces of accepted requests until their timestamp leaves the acceptance window,
 * so an identical request cannot be replayed. Memory is bounded: when {@code maxEntries} unexpired
 * nonces are held, new requests are refused (fail closed) with {@link ErrorCode#UNAVAILABLE}
 * until old ones expire. Thread-safe.
 */
public final class NonceCache {
    private final Clock clock;
    private final int maxEntries;
    private final Map<Key, Instant> expiries = new HashMap<>();
    private final PriorityQueue<Entry> byExpiry = new PriorityQueue<>((a, b) -> a.expiresAt().compareTo(b.expiresAt()));

    private record Key(long nodeId, String nonce) {
    }

    private record Entry(Key key, Instant expiresAt) {
    }

    public NonceCache(Clock clock, int maxEntries) {
        this.clock = requireNonNull(clock, "clock is null");
        if (maxEntries <= 0) {
            throw new IllegalArgumentException("maxEntries must be positive");
        }
        this.maxEntries = maxEntries;
    }

    /**
     * Records a nonce until {@code expiresAt}.
     *
     * @return false if the same node already used this nonce and it has not expired
     */
    public synchronized boolean record(long nodeId, String nonce, Instant expiresAt) {
        requireNonNull(nonce, "nonce is null");
        requireNonNull(expiresAt, "expiresAt is null");
        purge(clock.instant());
        Key key = new Key(nodeId, nonce);
        if (expiries.containsKey(key)) {
            return false;
        }
        if (expiries.size() >= maxEntries) {
            throw new PlanetLabException(ErrorCode.UNAVAILABLE,
                    "node authentication: the replay cache holds " + maxEntries + " recent requests; retry in a few seconds");
        }
        expiries.put(key, expiresAt);
        byExpiry.add(new Entry(key, expiresAt));
        return true;
    }

    public synchronized int size() {
        purge(clock.instant());
        return expiries.size();
    }

    private void purge(Instant now) {
        while (!byExpiry.isEmpty() && byExpiry.peek().expiresAt().isBefore(now)) {
            expiries.remove(byExpiry.poll().key());
        }
    }
}
