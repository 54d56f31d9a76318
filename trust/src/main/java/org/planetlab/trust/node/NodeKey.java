package org.planetlab.trust.node;

import static java.util.Objects.requireNonNull;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import org.planetlab.api.error.PlanetLabException;

/**
 * The secret a node shares with its management authority (Architecture §5.2), written in
 * {@code plnode.txt} as {@code NODE_KEY}. At least 256 bits. Its text form is lowercase hex; base64
 * (standard or url-safe) is also read. A string made only of hex digits is read as hex. Never printed: {@link #toString()} is redacted.
 */
public final class NodeKey {
    /** Shortest accepted key, in bytes (256 bits). */
    public static final int MIN_BYTES = 32;
    private static final int MAX_BYTES = 512;

    private final byte[] secret;

    private NodeKey(byte[] secret) {
        if (secret.length < MIN_BYTES) {
            throw PlanetLabException.invalidArgument("a node key must have at least " + (MIN_BYTES * 8) + " bits, found " + (secret.length * 8));
        }
        if (secret.length > MAX_BYTES) {
            throw PlanetLabException.invalidArgument("a node key must have at most " + (MAX_BYTES * 8) + " bits");
        }
        this.secret = secret.clone();
    }

    /** A fresh 256-bit key from the CSPRNG, for a newly registered node. */
    public static NodeKey generate(SecureRandom random) {
        byte[] secret = new byte[MIN_BYTES];
        requireNonNull(random, "random is null").nextBytes(secret);
        return new NodeKey(secret);
    }

    public static NodeKey fromBytes(byte[] secret) {
        return new NodeKey(requireNonNull(secret, "secret is null"));
    }

    /** Reads the hex or base64 text form; the message never repeats the text. */
    public static NodeKey parse(String text) {
        requireNonNull(text, "text is null");
        String value = text.strip();
        if (value.matches("[0-9a-fA-F]+")) {
            if (value.length() % 2 != 0) {
                throw PlanetLabException.invalidArgument("the hex node key has an odd number of digits");
            }
            return new NodeKey(HexFormat.of().parseHex(value));
        }
        try {
            if (value.matches("[A-Za-z0-9+/]+={0,2}")) {
                return new NodeKey(Base64.getDecoder().decode(value));
            }
            if (value.matches("[A-Za-z0-9_-]+={0,2}")) {
                return new NodeKey(Base64.getUrlDecoder().decode(value));
            }
        } catch (IllegalArgumentException e) {
            throw PlanetLabException.invalidArgument("the node key is neither hex nor valid base64");
        }
        throw PlanetLabException.invalidArgument("the node key is neither hex nor base64");
    }

    /** The lowercase hex text form, as written in {@code plnode.txt}. */
    public String encoded() {
        return HexFormat.of().formatHex(secret);
    }

    byte[] secret() {
        return secret.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof NodeKey key && MessageDigest.isEqual(secret, key.secret);
    }

    @Override
    public int hashCode() {
        return 0x40de;
    }

    @Override
    public String toString() {
        return "NodeKey[redacted]";
    }
}
