package org.planetlab.plc.key;

import static java.util.Objects.requireNonNull;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;
import org.planetlab.api.error.PlanetLabException;

/**
 * An OpenSSH public key line ({@code type base64 [comment]}), parsed and checked: the blob must
 * decode, name the same type as the line, and hold a key of an accepted algorithm and strength.
 * DSA keys and RSA keys under 2048 bits are refused, as current OpenSSH refuses them.
 *
 * @param type the algorithm name, e.g. {@code ssh-ed25519}
 * @param blob the decoded key
 * @param fingerprint the SHA256 fingerprint as {@code ssh-keygen -l} prints it
 */
public record SshPublicKey(String type, byte[] blob, String fingerprint) {
    private static final int MIN_RSA_BITS = 2048;
    private static final Map<String, Integer> ECDSA_POINT_LENGTHS = Map.of(
            "nistp256", 65, "nistp384", 97, "nistp521", 133);

    public SshPublicKey {
        requireNonNull(type, "type is null");
        blob = blob.clone();
        requireNonNull(fingerprint, "fingerprint is null");
    }

    /** Parses a key line, or fails with a message that says what is wrong with it. */
    public static SshPublicKey parse(String line) {
        String text = line.strip();
        if (text.contains("\n") || text.contains("\r")) {
            throw invalid("must be a single line");
        }
        String[] parts = text.split("[ \\t]+", 3);
        if (parts.length < 2) {
            throw invalid("expected \"<type> <base64 key> [comment]\", as in a .pub file");
        }
        String type = parts[0];
        if (type.equals("ssh-dss")) {
            throw invalid("DSA keys are no longer accepted (OpenSSH refuses them); use an ed25519 key");
        }
        byte[] blob;
        try {
            blob = Base64.getDecoder().decode(parts[1]);
        } catch (IllegalArgumentException e) {
            throw invalid("the key data is not valid base64");
        }
        ByteBuffer buffer = ByteBuffer.wrap(blob);
        String embedded = new String(readString(buffer), StandardCharsets.US_ASCII);
        if (!embedded.equals(type)) {
            throw invalid("the line says " + abbreviate(type) + " but the key data holds a " + abbreviate(embedded) + " key");
        }
        switch (type) {
            case "ssh-ed25519", "sk-ssh-ed25519@openssh.com" -> checkEd25519(buffer, type);
            case "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521",
                    "sk-ecdsa-sha2-nistp256@openssh.com" -> checkEcdsa(buffer, type);
            case "ssh-rsa" -> checkRsa(buffer);
            default -> throw invalid("unsupported key type \"" + abbreviate(type)
                    + "\"; use ssh-ed25519, ecdsa-sha2-nistp256/384/521 or ssh-rsa");
        }
        return new SshPublicKey(type, blob, fingerprint(blob));
    }

    private static void checkEd25519(ByteBuffer buffer, String type) {
        if (readString(buffer).length != 32) {
            throw invalid("an ed25519 key must be 32 bytes");
        }
        if (type.startsWith("sk-")) {
            readString(buffer);
        }
        requireEnd(buffer);
    }

    private static void checkEcdsa(ByteBuffer buffer, String type) {
        String curve = new String(readString(buffer), StandardCharsets.US_ASCII);
        if (!type.contains(curve) || !ECDSA_POINT_LENGTHS.containsKey(curve)) {
            throw invalid("the curve " + abbreviate(curve) + " does not match " + type);
        }
        byte[] point = readString(buffer);
        if (point.length != ECDSA_POINT_LENGTHS.get(curve) || point[0] != 4) {
            throw invalid("the public point is not an uncompressed point of " + curve);
        }
        if (type.startsWith("sk-")) {
            readString(buffer);
        }
        requireEnd(buffer);
    }

    private static void checkRsa(ByteBuffer buffer) {
        BigInteger exponent = new BigInteger(readString(buffer));
        BigInteger modulus = new BigInteger(readString(buffer));
        requireEnd(buffer);
        if (exponent.signum() <= 0 || !exponent.testBit(0) || modulus.signum() <= 0) {
            throw invalid("the RSA key is malformed");
        }
        if (modulus.bitLength() < MIN_RSA_BITS) {
            throw invalid("the RSA key has %d bits; at least %d are required".formatted(modulus.bitLength(), MIN_RSA_BITS));
        }
    }

    private static byte[] readString(ByteBuffer buffer) {
        if (buffer.remaining() < 4) {
            throw invalid("the key data is truncated");
        }
        int length = buffer.getInt();
        if (length < 0 || length > buffer.remaining()) {
            throw invalid("the key data is truncated");
        }
        byte[] value = new byte[length];
        buffer.get(value);
        return value;
    }

    private static void requireEnd(ByteBuffer buffer) {
        if (buffer.hasRemaining()) {
            throw invalid("the key data has trailing bytes");
        }
    }

    static String fingerprint(byte[] blob) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(blob);
            return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from the JDK", e);
        }
    }

    private static PlanetLabException invalid(String problem) {
        return PlanetLabException.invalidArgument("key_fields.key: not a valid SSH public key: " + problem);
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }
}
