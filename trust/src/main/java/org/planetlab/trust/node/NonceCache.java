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
 * so an identical request cannot be replayed. Memory is bounded: when the cache is full, new
 * requests are refused (fail closed) with {@link ErrorCode#UNAVAILABLE} until old ones expire.
 * It is full at {@code maxEntries} unexpired nonces, or, if more, at {@code entriesPerNode} for
 * every node that has nonces in it: a server that many nodes call needs no bound set by hand,
 * while one node calling far beyond its share is still refused once the cache is full. Only
 * requests whose signature checked are recorded, so only registered nodes make it grow.
 * Thread-safe.
 */
public final class NonceCache {
    private final Clock clock;
    private final int maxEntries;
    private final int entriesPerNode;
    private final Map<Key, Instant> expiries = new HashMap<>();
    private final Map<Long, Integer> heldByNode = new HashMap<>();
    private final PriorityQueue<Entry> byExpiry = new PriorityQueue<>((a, b) -> a.expiresAt().compareTo(b.expiresAt()));

    private record Key(long nodeId, String nonce) {
    }

    private record Entry(Key key, Instant expiresAt) {
    }

    /** A cache that holds at most {@code maxEntries}, however many nodes call. */
    public NonceCache(Clock clock, int maxEntries) {
        this(clock, maxEntries, 0);
    }

    /** A cache that holds {@code maxEntries}, or {@code entriesPerNode} for every node with nonces in it if more. */
    public NonceCache(Clock clock, int maxEntries, int entriesPerNode) {
        this.clock = requireNonNull(clock, "clock is null");
        if (maxEntries <= 0) {
            throw new IllegalArgumentException("maxEntries must be positive");
        }
        if (entriesPerNode < 0) {
            throw new IllegalArgumentException("entriesPerNode must not be negative");
        }
        this.maxEntries = maxEntries;
        this.entriesPerNode = entriesPerNode;
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
        int capacity = capacity(nodeId);
        if (expiries.size() >= capacity) {
            throw new PlanetLabException(ErrorCode.UNAVAILABLE,
                    "node authentication: the replay cache holds " + capacity + " recent requests; retry in a few seconds");
        }
        expiries.put(key, expiresAt);
        byExpiry.add(new Entry(key, expiresAt));
        heldByNode.merge(nodeId, 1, Integer::sum);
        return true;
    }

    /** How many nonces the cache may hold once {@code nodeId}'s next one is in. */
    private int capacity(long nodeId) {
        long nodes = heldByNode.size() + (heldByNode.containsKey(nodeId) ? 0 : 1);
        return (int) Math.min(Integer.MAX_VALUE, Math.max(maxEntries, nodes * entriesPerNode));
    }

    public synchronized int size() {
        purge(clock.instant());
        return expiries.size();
    }

    private void purge(Instant now) {
        while (!byExpiry.isEmpty() && byExpiry.peek().expiresAt().isBefore(now)) {
            Key key = byExpiry.poll().key();
            expiries.remove(key);
            heldByNode.computeIfPresent(key.nodeId(), (node, held) -> held == 1 ? null : held - 1);
        }
    }
}
