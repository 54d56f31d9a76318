package org.planetlab.plc.testing;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.Base64;

/** Real SSH public key lines for tests, freshly generated. */
public final class TestKeys {
    private TestKeys() {}

    /** A new ed25519 public key line with the given comment. */
    public static String ed25519(String comment) {
        try {
            byte[] encoded = KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic().getEncoded();
            byte[] raw = Arrays.copyOfRange(encoded, encoded.length - 32, encoded.length);
            return line("ssh-ed25519", comment, string("ssh-ed25519".getBytes(StandardCharsets.US_ASCII)), string(raw));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A new RSA public key line of the given size. */
    public static String rsa(int bits, String comment) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(bits);
            RSAPublicKey key = (RSAPublicKey) generator.generateKeyPair().getPublic();
            return line("ssh-rsa", comment, string("ssh-rsa".getBytes(StandardCharsets.US_ASCII)),
                    string(key.getPublicExponent().toByteArray()), string(key.getModulus().toByteArray()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String line(String type, String comment, byte[]... parts) {
        ByteArrayOutputStream blob = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            blob.writeBytes(part);
        }
        return type + " " + Base64.getEncoder().encodeToString(blob.toByteArray()) + " " + comment;
    }

    private static byte[] string(byte[] value) {
        return ByteBuffer.allocate(4 + value.length).putInt(value.length).put(value).array();
    }
}
