package org.planetlab.plc.auth;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.api.person.PersonApi;

/**
 * Hashes passwords with Argon2id and verifies them in constant time. Hashes are stored in the
 * PHC string format ({@code $argon2id$v=19$m=...,t=...,p=...$salt$hash}), so the cost can be
 * raised later without invalidating existing hashes.
 */
public final class PasswordHasher {
    private static final Pattern PHC = Pattern.compile(
            "\\$argon2id\\$v=19\\$m=(\\d{1,7}),t=(\\d{1,3}),p=(\\d{1,2})\\$([A-Za-z0-9+/]+)\\$([A-Za-z0-9+/]+)");
    private static final Base64.Encoder ENCODER = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getDecoder();

    private final SecureRandom random;
    private final int memoryKiB;
    private final int iterations;
    private final LongAdder verifications = new LongAdder();

    /** Hashes with the given cost: OWASP's minimum for Argon2id is 19 MiB and 2 passes. */
    public PasswordHasher(SecureRandom random, int memoryKiB, int iterations) {
        this.random = requireNonNull(random, "random is null");
        if (memoryKiB < 8 || iterations < 1) {
            throw new IllegalArgumentException("Argon2 cost too low");
        }
        this.memoryKiB = memoryKiB;
        this.iterations = iterations;
    }

    public static PasswordHasher standard(SecureRandom random) {
        return new PasswordHasher(random, 19 * 1024, 2);
    }

    /** Checks a new password's length and returns its hash. */
    public String hash(String password) {
        checkLength(password);
        byte[] salt = new byte[16];
        random.nextBytes(salt);
        byte[] hash = derive(password, salt, memoryKiB, iterations, 1);
        return "$argon2id$v=19$m=%d,t=%d,p=1$%s$%s".formatted(memoryKiB, iterations, ENCODER.encodeToString(salt),
                ENCODER.encodeToString(hash));
    }

    /** Whether {@code password} matches {@code stored}; false for a missing or unreadable hash. */
    public boolean verify(String password, String stored) {
        if (stored == null || password == null) {
            return false;
        }
        Matcher matcher = PHC.matcher(stored);
        if (!matcher.matches() || password.getBytes(StandardCharsets.UTF_8).length > PersonApi.PASSWORD_MAX_BYTES) {
            return false;
        }
        verifications.increment();
        byte[] salt = DECODER.decode(matcher.group(4));
        byte[] expected = DECODER.decode(matcher.group(5));
        byte[] actual = derive(password, salt, Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)),
                Integer.parseInt(matcher.group(3)));
        return MessageDigest.isEqual(expected, actual);
    }

    /** How many stored hashes were recomputed to check a password, since start. */
    public long verifications() {
        return verifications.sum();
    }

    /** Refuses passwords PLCAPI would refuse: more than 254 bytes of UTF-8. */
    public static void checkLength(String password) {
        int bytes = password.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > PersonApi.PASSWORD_MAX_BYTES) {
            throw PlanetLabException.invalidArgument("password: is %d bytes long in UTF-8; at most %d are allowed"
                    .formatted(bytes, PersonApi.PASSWORD_MAX_BYTES));
        }
        if (password.isEmpty()) {
            throw PlanetLabException.invalidArgument("password: must not be empty");
        }
    }

    private static byte[] derive(String password, byte[] salt, int memoryKiB, int iterations, int parallelism) {
        Argon2Parameters parameters = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(memoryKiB)
                .withIterations(iterations)
                .withParallelism(parallelism)
                .withSalt(salt)
                .build();
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(parameters);
        byte[] hash = new byte[32];
        generator.generateBytes(password.getBytes(StandardCharsets.UTF_8), hash);
        return hash;
    }
}
