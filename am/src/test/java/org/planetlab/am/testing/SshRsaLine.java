package org.planetlab.am.testing;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;

/** The OpenSSH {@code ssh-rsa} line of an RSA public key, as a person would add it to PLC. */
public final class SshRsaLine {
    private SshRsaLine() {
    }

    public static String of(PublicKey key, String comment) {
        RSAPublicKey rsa = (RSAPublicKey) key;
        ByteArrayOutputStream blob = new ByteArrayOutputStream();
        for (byte[] part : new byte[][] {"ssh-rsa".getBytes(StandardCharsets.US_ASCII), rsa.getPublicExponent().toByteArray(),
                rsa.getModulus().toByteArray()}) {
            blob.writeBytes(ByteBuffer.allocate(4 + part.length).putInt(part.length).put(part).array());
        }
        return "ssh-rsa " + Base64.getEncoder().encodeToString(blob.toByteArray()) + " " + comment;
    }
}
