package org.planetlab.plc.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/**
 * The password checks of one request. A {@code system.multicall} may repeat the same auth
 * struct in each of its calls; they are checked once and share the outcome. Distinct
 * credentials are checked at most {@link Authenticator#PASSWORDS_PER_REQUEST} times per request,
 * so one request costs a bounded amount of Argon2 work.
 */
public final class PasswordChecks {
    private final Map<String, Outcome> outcomes = new HashMap<>();

    /**
     * Whose password matched, or the refusal a check of these credentials gave. A match is kept
     * as the person only: whether the account is still enabled, and its roles, are read again
     * for every call, since an earlier call of the request may have changed them.
     */
    sealed interface Outcome {
        record Accepted(long personId) implements Outcome {}

        record Refused(String message) implements Outcome {}
    }

    synchronized Optional<Outcome> earlier(String account, String password) {
        return Optional.ofNullable(outcomes.get(key(account, password)));
    }

    synchronized int count() {
        return outcomes.size();
    }

    synchronized void record(String account, String password, Outcome outcome) {
        outcomes.put(key(account, password), outcome);
    }

    /** A digest, so the request's memory holds no password beyond its own body. */
    private static String key(String account, String password) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(account.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            return HexFormat.of().formatHex(digest.digest(password.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing", e);
        }
    }
}
