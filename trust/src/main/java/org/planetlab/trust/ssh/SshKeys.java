package org.planetlab.trust.ssh;

import static java.util.Objects.requireNonNull;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.EdECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.trust.key.KeyAlgorithm;

/**
 * OpenSSH public keys ({@code ssh-ed25519} and {@code ssh-rsa}, the kinds users log into slivers
 * with) as Java keys, so that a ticket can name a user's SSH key as a principal by its
 * {@link org.planetlab.trust.key.KeyFingerprint} and a node can check a signature made with it.
 */
public final class SshKeys {
    /** The DER prefix of an Ed25519 SubjectPublicKeyInfo (RFC 8410), followed by the 32 key bytes. */
    private static final byte[] ED25519_PREFIX = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};

    private SshKeys() {
    }

    /** The key of a {@code .pub} line, or empty when its type is not one a proof may be made with. */
    public static Optional<PublicKey> fromLine(String line) {
        String[] parts = requireNonNull(line, "line is null").strip().split("[ \\t]+", 3);
        if (parts.length < 2 || !(parts[0].equals("ssh-ed25519") || parts[0].equals("ssh-rsa"))) {
            return Optional.empty();
        }
        try {
            return Optional.of(fromBlob(Base64.getDecoder().decode(parts[1])));
        } catch (IllegalArgumentException | PlanetLabException e) {
            return Optional.empty();
        }
    }

    /** The key of an SSH wire-format public key blob. */
    public static PublicKey fromBlob(byte[] blob) {
        ByteBuffer buffer = ByteBuffer.wrap(blob);
        String type = new String(SshWire.readString(buffer), StandardCharsets.US_ASCII);
        try {
            PublicKey key = switch (type) {
                case "ssh-ed25519" -> {
                    byte[] point = SshWire.readString(buffer);
                    if (point.length != 32) {
                        throw malformed("an ed25519 key must be 32 bytes");
                    }
                    byte[] encoded = Arrays.copyOf(ED25519_PREFIX, ED25519_PREFIX.length + 32);
                    System.arraycopy(point, 0, encoded, ED25519_PREFIX.length, 32);
                    yield KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(encoded));
                }
                case "ssh-rsa" -> {
                    BigInteger exponent = new BigInteger(SshWire.readString(buffer));
                    BigInteger modulus = new BigInteger(SshWire.readString(buffer));
                    if (modulus.signum() <= 0 || modulus.bitLength() < KeyAlgorithm.MINIMUM_RSA_BITS) {
                        throw malformed("RSA keys need at least " + KeyAlgorithm.MINIMUM_RSA_BITS + " bits");
                    }
                    yield KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(modulus, exponent));
                }
                default -> throw malformed("key type " + (type.length() > 40 ? type.substring(0, 40) : type)
                        + " cannot prove a ticket; use an ssh-ed25519 or ssh-rsa key");
            };
            if (buffer.hasRemaining()) {
                throw malformed("the key data has trailing bytes");
            }
            return key;
        } catch (GeneralSecurityException e) {
            throw malformed("the key cannot be read: " + e.getMessage());
        }
    }

    /** The SSH wire-format blob of an Ed25519 or RSA key. */
    public static byte[] toBlob(PublicKey key) {
        return switch (key) {
            case EdECPublicKey edwards -> SshWire.concat(SshWire.string("ssh-ed25519"),
                    SshWire.string(Arrays.copyOfRange(edwards.getEncoded(), ED25519_PREFIX.length, ED25519_PREFIX.length + 32)));
            case RSAPublicKey rsa -> SshWire.concat(SshWire.string("ssh-rsa"), SshWire.string(rsa.getPublicExponent().toByteArray()),
                    SshWire.string(rsa.getModulus().toByteArray()));
            default -> throw new IllegalArgumentException("only Ed25519 and RSA keys have an SSH form here");
        };
    }

    /** The {@code .pub} line of an Ed25519 or RSA key. */
    public static String toLine(PublicKey key, String comment) {
        byte[] blob = toBlob(key);
        String type = new String(SshWire.readString(ByteBuffer.wrap(blob)), StandardCharsets.US_ASCII);
        return type + " " + Base64.getEncoder().encodeToString(blob) + (comment.isEmpty() ? "" : " " + comment);
    }

    static PlanetLabException malformed(String problem) {
        return new PlanetLabException(ErrorCode.MALFORMED_REQUEST, "SSH key or signature: " + problem);
    }
}
