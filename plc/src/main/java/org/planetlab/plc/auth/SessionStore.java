package org.planetlab.plc.auth;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.planetlab.plc.store.ColumnKind;

/**
 * Sessions: 256-bit random keys handed to a caller once and stored only as their SHA-256, so a
 * copy of the database does not let anyone act as the session's owner.
 */
public final class SessionStore {
    /** A stored session: its owner (a person, a node, or a service slice on a node) and expiry. */
    public record Session(String hash, Optional<Long> personId, Optional<Long> nodeId, Optional<String> serviceSlice,
            long expires) {}

    private final SecureRandom random;
    private final Clock clock;

    public SessionStore(SecureRandom random, Clock clock) {
        this.random = requireNonNull(random, "random is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** Opens a session for a person or a node and returns its key. */
    public String open(Handle handle, Optional<Long> personId, Optional<Long> nodeId, long lifetimeSeconds) {
        return open(handle, personId, nodeId, Optional.empty(), lifetimeSeconds);
    }

    /**
     * Opens a session for a person, a node, or a service slice on a node, and returns its key:
     * 256 bits from the CSPRNG, base64url.
     */
    public String open(Handle handle, Optional<Long> personId, Optional<Long> nodeId, Optional<String> serviceSlice,
            long lifetimeSeconds) {
        long now = clock.instant().getEpochSecond();
        handle.createUpdate("DELETE FROM sessions WHERE expires <= :now").bind("now", now).execute();
        if (nodeId.isPresent() && serviceSlice.isEmpty()) {
            // A node holds one session at a time, as in PLCAPI.
            handle.createUpdate("DELETE FROM sessions WHERE node_id = :node AND service_slice IS NULL")
                    .bind("node", nodeId.get()).execute();
        }
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        String key = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        handle.createUpdate("INSERT INTO sessions (session_hash, person_id, node_id, service_slice, created, expires)"
                        + " VALUES (:hash, :person, :node, :service, :now, :expires)")
                .bind("hash", hash(key))
                .bind("person", personId.orElse(null))
                .bind("node", nodeId.orElse(null))
                .bind("service", serviceSlice.orElse(null))
                .bind("now", now)
                .bind("expires", now + lifetimeSeconds)
                .execute();
        return key;
    }

    /**
     * The live session with this key, if any. The store is searched by the key's SHA-256, never
     * by the key: how long its comparison takes can tell something about a digest at most, and no
     * key can be recovered from that, so no secret is compared in variable time.
     */
    public Optional<Session> find(Handle handle, String key) {
        long now = clock.instant().getEpochSecond();
        return handle.createQuery("SELECT session_hash, person_id, node_id, service_slice, expires FROM sessions"
                        + " WHERE session_hash = :hash AND expires > :now")
                .bind("hash", hash(key))
                .bind("now", now)
                .map((row, context) -> new Session(row.getString(1),
                        Optional.ofNullable((Long) ColumnKind.INTEGER.read(row, 2)),
                        Optional.ofNullable((Long) ColumnKind.INTEGER.read(row, 3)),
                        Optional.ofNullable(row.getString(4)), row.getLong(5)))
                .findOne();
    }

    public void close(Handle handle, String hash) {
        handle.createUpdate("DELETE FROM sessions WHERE session_hash = :hash").bind("hash", hash).execute();
    }

    /** Ends every session of a person, e.g. when the account is disabled or deleted. */
    public void closeAllOfPerson(Handle handle, long personId) {
        handle.createUpdate("DELETE FROM sessions WHERE person_id = :person").bind("person", personId).execute();
    }

    public void closeAllOfNode(Handle handle, long nodeId) {
        handle.createUpdate("DELETE FROM sessions WHERE node_id = :node").bind("node", nodeId).execute();
    }

    public static String hash(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from the JDK", e);
        }
    }
}
