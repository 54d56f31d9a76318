package org.planetlab.bench.plc;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.util.Arrays;
import java.util.Base64;

/** Fresh ed25519 public key lines for seeding. */
final class BenchKeys {
    private BenchKeys() {}

    static String ed25519(String comment) {
        try {
            byte[] encoded = KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic().getEncoded();
            byte[] raw = Arrays.copyOfRange(encoded, encoded.length - 32, encoded.length);
            byte[] type = "ssh-ed25519".getBytes(StandardCharsets.US_ASCII);
            ByteBuffer blob = ByteBuffer.allocate(8 + type.length + raw.length);
            blob.putInt(type.length).put(type).putInt(raw.length).put(raw);
            return "ssh-ed25519 " + Base64.getEncoder().encodeToString(blob.array()) + " " + comment;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
