package org.planetlab.node.manager;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Resource capabilities (Architecture §4.3): 128 bits from a CSPRNG, written as 32 hex digits.
 * Tables are keyed by a digest of the rcap so a lookup's timing says nothing about the rcaps
 * held; logs show only {@link #fingerprint}.
 */
public final class Rcaps {
    private final SecureRandom random;

    public Rcaps(SecureRandom random) {
        this.random = requireNonNull(random, "random is null");
    }

    public String next() {
        byte[] bits = new byte[16];
        random.nextBytes(bits);
        return HexFormat.of().formatHex(bits);
    }

    /** The key a table holds an rcap under. */
    public static String digest(String rcap) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(rcap.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from the JDK", e);
        }
    }

    /** Eight hex digits of the digest: enough to tell rcaps apart in a log, useless to an attacker. */
    public static String fingerprint(String rcap) {
        return digest(rcap).substring(0, 8);
    }

    /** Compares a presented rcap with a held one in constant time. */
    public static boolean matches(String presented, String held) {
        return MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8), held.getBytes(StandardCharsets.UTF_8));
    }
}
