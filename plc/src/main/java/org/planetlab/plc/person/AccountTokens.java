package org.planetlab.plc.person;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The keys mailed to a person to prove they read their mail (verification, password reset): a
 * random nonce, the person, an expiry time and an HMAC-SHA256 over them and over what the key is
 * bound to (the address being verified, or the password hash being replaced, so that a reset key
 * stops working once it has been used). The HMAC secret is kept in the data directory, 0600, so
 * keys stay valid across restarts and nothing about them needs storing.
 */
final class AccountTokens {
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    /** What a key is for; a key for one purpose never passes as a key for another. */
    enum Purpose { VERIFY, RESET }

    /** A key's parts, once its form is known to be right (its MAC is checked by {@link #verify}). */
    record Parsed(Purpose purpose, long personId, long expires, String nonce, String mac) {}

    private final byte[] secret;
    private final SecureRandom random;

    AccountTokens(byte[] secret, SecureRandom random) {
        this.secret = requireNonNull(secret, "secret is null").clone();
        this.random = requireNonNull(random, "random is null");
    }

    /** The secret in {@code file}, made on first use; refused if others may read it. */
    static AccountTokens openOrCreate(Path file, SecureRandom random) {
        try {
            if (!Files.exists(file)) {
                byte[] fresh = new byte[32];
                random.nextBytes(fresh);
                Path temporary = Files.createTempFile(file.getParent(), "account-tokens", ".tmp",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.write(temporary, fresh);
                Files.move(temporary, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            }
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            if (permissions.stream().anyMatch(permission -> permission.name().startsWith("GROUP")
                    || permission.name().startsWith("OTHERS"))) {
                throw new IllegalStateException("secret file " + file + " is accessible by group or others; it must be"
                        + " 0600: run chmod 600 " + file);
            }
            return new AccountTokens(Files.readAllBytes(file), random);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create " + file, e);
        }
    }

    String issue(Purpose purpose, long personId, long expires, String binding) {
        byte[] nonceBytes = new byte[16];
        random.nextBytes(nonceBytes);
        String nonce = ENCODER.encodeToString(nonceBytes);
        return "%s.%d.%d.%s.%s".formatted(purpose.name().toLowerCase(java.util.Locale.ROOT), personId, expires, nonce,
                mac(purpose, personId, expires, nonce, binding));
    }

    /** The key's parts if it has the right form and purpose; its MAC is not checked yet. */
    static Optional<Parsed> parse(String key, Purpose purpose) {
        String[] parts = key.split("\\.", -1);
        if (parts.length != 5 || !parts[0].equals(purpose.name().toLowerCase(java.util.Locale.ROOT))) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Parsed(purpose, Long.parseLong(parts[1]), Long.parseLong(parts[2]), parts[3],
                    parts[4]));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Whether the key was issued here for this binding; compared in constant time. */
    boolean verify(Parsed key, String binding) {
        byte[] expected = mac(key.purpose(), key.personId(), key.expires(), key.nonce(), binding)
                .getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, key.mac().getBytes(StandardCharsets.US_ASCII));
    }

    private String mac(Purpose purpose, long personId, long expires, String nonce, String binding) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            String text = String.join("\n", "PlanetLab-Account-Key", purpose.name(), Long.toString(personId),
                    Long.toString(expires), nonce, binding);
            return ENCODER.encodeToString(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from the JDK", e);
        }
    }

}
