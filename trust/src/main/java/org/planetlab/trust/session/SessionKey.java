package org.planetlab.trust.session;

import static java.util.Objects.requireNonNull;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;

/**
 * A 256-bit session key from {@code AuthenticateCertificate} (Architecture §5.5), passed as the
 * {@code auth} of later calls. Its text form is 43 characters of unpadded base64url. It never
 * appears in {@link #toString()}; compare with {@link #equals}, which is constant-time.
 */
public final class SessionKey {
    /** Length of a session key in bytes. */
    public static final int BYTES = 32;

    private final byte[] bytes;

    private SessionKey(byte[] bytes) {
        if (bytes.length != BYTES) {
            throw new PlanetLabException(ErrorCode.AUTHENTICATION_FAILED, "a session key has " + BYTES + " bytes, found " + bytes.length);
        }
        this.bytes = bytes.clone();
    }

    /** A fresh key from the given CSPRNG. */
    public static SessionKey generate(SecureRandom random) {
        byte[] bytes = new byte[BYTES];
        requireNonNull(random, "random is null").nextBytes(bytes);
        return new SessionKey(bytes);
    }

    public static SessionKey fromBytes(byte[] bytes) {
        return new SessionKey(requireNonNull(bytes, "bytes is null"));
    }

    /** Parses the text form made by {@link #encoded()}. */
    public static SessionKey parse(String encoded) {
        requireNonNull(encoded, "encoded is null");
        if (!encoded.matches("[A-Za-z0-9_-]{43}")) {
            throw new PlanetLabException(ErrorCode.AUTHENTICATION_FAILED, "a session key is 43 base64url characters");
        }
        return new SessionKey(Base64.getUrlDecoder().decode(encoded));
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    public String encoded() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SessionKey key && MessageDigest.isEqual(bytes, key.bytes);
    }

    @Override
    public int hashCode() {
        // Constant: a hash of the secret would leak bits of it through timing of hash tables.
        return 0x5e55;
    }

    @Override
    public String toString() {
        return "SessionKey[redacted]";
    }
}
