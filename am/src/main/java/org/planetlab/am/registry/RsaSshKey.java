package org.planetlab.am.registry;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.BufferUnderflowException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import java.util.Optional;

/**
 * The RSA public key of an OpenSSH {@code ssh-rsa} line (RFC 4253: the string "ssh-rsa", then the
 * exponent and the modulus as mpints), so that a person's GID can be bound to a key PLC already
 * holds for them, as SFA binds its users' GIDs to their first RSA key. Other key types are empty.
 */
final class RsaSshKey {
    private RsaSshKey() {
    }

    static Optional<RSAPublicKey> parse(String line) {
        String[] parts = line.strip().split("\\s+");
        if (parts.length < 2 || !parts[0].equals("ssh-rsa")) {
            return Optional.empty();
        }
        try {
            ByteBuffer blob = ByteBuffer.wrap(Base64.getDecoder().decode(parts[1]));
            if (!new String(field(blob), StandardCharsets.US_ASCII).equals("ssh-rsa")) {
                return Optional.empty();
            }
            BigInteger exponent = new BigInteger(field(blob));
            BigInteger modulus = new BigInteger(field(blob));
            PublicKey key = KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(modulus, exponent));
            return Optional.of((RSAPublicKey) key);
        } catch (IllegalArgumentException | BufferUnderflowException | GeneralSecurityException e) {
            return Optional.empty();
        }
    }

    /** Whether two RSA keys are the same key. */
    static boolean same(PublicKey one, PublicKey other) {
        return one instanceof RSAPublicKey first && other instanceof RSAPublicKey second
                && first.getModulus().equals(second.getModulus()) && first.getPublicExponent().equals(second.getPublicExponent());
    }

    private static byte[] field(ByteBuffer blob) {
        int length = blob.getInt();
        if (length < 0 || length > blob.remaining()) {
            throw new IllegalArgumentException("a field is longer than the key");
        }
        byte[] bytes = new byte[length];
        blob.get(bytes);
        return bytes;
    }
}
