package org.planetlab.trust.key;

import static java.util.Objects.requireNonNull;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.HexFormat;
import java.util.regex.Pattern;
import org.planetlab.api.error.PlanetLabException;

/**
 * The SHA-256 digest of a public key's SubjectPublicKeyInfo encoding, written {@code sha256:<64 hex>}.
 * It names trust roots and ticket principals; being derived from the key, it cannot be made to
 * point at a different key.
 */
public record KeyFingerprint(String value) {
    private static final Pattern FORMAT = Pattern.compile("sha256:[0-9a-f]{64}");

    public KeyFingerprint {
        requireNonNull(value, "value is null");
        if (!FORMAT.matcher(value).matches()) {
            throw PlanetLabException.invalidArgument("key fingerprint must be \"sha256:\" followed by 64 lowercase hex digits");
        }
    }

    public static KeyFingerprint of(PublicKey key) {
        requireNonNull(key, "key is null");
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
            return new KeyFingerprint("sha256:" + HexFormat.of().formatHex(digest));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    public boolean matches(PublicKey key) {
        return of(key).equals(this);
    }

    @Override
    public String toString() {
        return value;
    }
}
