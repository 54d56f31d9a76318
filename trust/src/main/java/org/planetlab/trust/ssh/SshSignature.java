package org.planetlab.trust.ssh;

import static java.util.Objects.requireNonNull;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Arrays;
import java.util.Base64;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;

/**
 * A signature in OpenSSH's SSHSIG format, the one {@code ssh-keygen -Y sign -n NAMESPACE} writes
 * (PROTOCOL.sshsig): a user signs with the SSH key they already have, through {@code ssh-agent}
 * or a passphrase-protected file, and the signature carries the public key it verifies with.
 * The namespace keeps a signature made for one purpose from being used for another.
 *
 * @param publicKey the signer's key, as the signature names it
 * @param namespace what the signature is for
 * @param hashAlgorithm {@code sha512} or {@code sha256}
 * @param algorithm the signature algorithm, {@code ssh-ed25519} or {@code rsa-sha2-256/512}
 * @param value the signature bytes
 */
public record SshSignature(PublicKey publicKey, String namespace, String hashAlgorithm, String algorithm, byte[] value) {
    private static final byte[] MAGIC = "SSHSIG".getBytes(StandardCharsets.US_ASCII);
    private static final String BEGIN = "-----BEGIN SSH SIGNATURE-----";
    private static final String END = "-----END SSH SIGNATURE-----";
    private static final int MAX_ARMORED = 16 * 1024;

    public SshSignature {
        requireNonNull(publicKey, "publicKey is null");
        requireNonNull(namespace, "namespace is null");
        requireNonNull(hashAlgorithm, "hashAlgorithm is null");
        requireNonNull(algorithm, "algorithm is null");
        value = value.clone();
    }

    /** Reads an armored signature ({@code -----BEGIN SSH SIGNATURE-----} ...). */
    public static SshSignature parse(String armored) {
        requireNonNull(armored, "armored is null");
        String text = armored.strip();
        if (text.length() > MAX_ARMORED || !text.startsWith(BEGIN) || !text.endsWith(END)) {
            throw SshKeys.malformed("expected an SSH signature as ssh-keygen -Y sign writes it (" + BEGIN + " ... " + END + ")");
        }
        byte[] blob;
        try {
            blob = Base64.getMimeDecoder().decode(text.substring(BEGIN.length(), text.length() - END.length()));
        } catch (IllegalArgumentException e) {
            throw SshKeys.malformed("the signature is not valid base64");
        }
        ByteBuffer buffer = ByteBuffer.wrap(blob);
        byte[] magic = new byte[MAGIC.length];
        if (buffer.remaining() < MAGIC.length + 4 || !Arrays.equals(read(buffer, magic), MAGIC) || buffer.getInt() != 1) {
            throw SshKeys.malformed("not an SSHSIG version 1 signature");
        }
        PublicKey key = SshKeys.fromBlob(SshWire.readString(buffer));
        String namespace = text(SshWire.readString(buffer));
        SshWire.readString(buffer);
        String hash = text(SshWire.readString(buffer));
        ByteBuffer signature = ByteBuffer.wrap(SshWire.readString(buffer));
        String algorithm = text(SshWire.readString(signature));
        byte[] value = SshWire.readString(signature);
        if (buffer.hasRemaining() || signature.hasRemaining()) {
            throw SshKeys.malformed("the signature has trailing bytes");
        }
        return new SshSignature(key, namespace, hash, algorithm, value);
    }

    /** Signs a message in a namespace with an Ed25519 or RSA key (what {@code ssh-keygen -Y sign} does). */
    public static SshSignature sign(PrivateKey privateKey, PublicKey publicKey, String namespace, byte[] message) {
        String algorithm = privateKey.getAlgorithm().equals("RSA") ? "rsa-sha2-512" : "ssh-ed25519";
        try {
            Signature signer = Signature.getInstance(javaName(algorithm));
            signer.initSign(privateKey);
            signer.update(signedData(namespace, "sha512", message));
            return new SshSignature(publicKey, namespace, "sha512", algorithm, signer.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign with a " + privateKey.getAlgorithm() + " key", e);
        }
    }

    /**
     * Checks that this signature was made over {@code message} in {@code expectedNamespace} by the
     * holder of {@link #publicKey}; fails with {@link ErrorCode#VERIFICATION_FAILED} otherwise.
     */
    public void verify(String expectedNamespace, byte[] message) {
        if (!namespace.equals(expectedNamespace)) {
            throw new PlanetLabException(ErrorCode.VERIFICATION_FAILED, "the SSH signature was made for \"" + abbreviate(namespace)
                    + "\", not for \"" + expectedNamespace + "\" (ssh-keygen -Y sign -n " + expectedNamespace + ")");
        }
        boolean matches;
        try {
            Signature verifier = Signature.getInstance(javaName(algorithm));
            verifier.initVerify(publicKey);
            verifier.update(signedData(namespace, hashAlgorithm, message));
            matches = verifier.verify(value);
        } catch (GeneralSecurityException e) {
            matches = false;
        }
        if (!matches) {
            throw new PlanetLabException(ErrorCode.VERIFICATION_FAILED, "the SSH signature does not verify over the request");
        }
    }

    /** The armored form, as {@code ssh-keygen -Y sign} writes it. */
    public String armored() {
        byte[] signature = SshWire.concat(SshWire.string(algorithm), SshWire.string(value));
        byte[] blob = SshWire.concat(MAGIC, ByteBuffer.allocate(4).putInt(1).array(), SshWire.string(SshKeys.toBlob(publicKey)),
                SshWire.string(namespace), SshWire.string(new byte[0]), SshWire.string(hashAlgorithm), SshWire.string(signature));
        return BEGIN + "\n" + Base64.getMimeEncoder(70, new byte[] {'\n'}).encodeToString(blob) + "\n" + END + "\n";
    }

    private static byte[] signedData(String namespace, String hashAlgorithm, byte[] message) throws GeneralSecurityException {
        String digest = switch (hashAlgorithm) {
            case "sha512" -> "SHA-512";
            case "sha256" -> "SHA-256";
            default -> throw new GeneralSecurityException("unsupported hash " + abbreviate(hashAlgorithm));
        };
        return SshWire.concat(MAGIC, SshWire.string(namespace), SshWire.string(new byte[0]), SshWire.string(hashAlgorithm),
                SshWire.string(MessageDigest.getInstance(digest).digest(message)));
    }

    private static String javaName(String algorithm) throws GeneralSecurityException {
        return switch (algorithm) {
            case "ssh-ed25519" -> "Ed25519";
            case "rsa-sha2-512" -> "SHA512withRSA";
            case "rsa-sha2-256" -> "SHA256withRSA";
            default -> throw new GeneralSecurityException("unsupported signature algorithm " + abbreviate(algorithm));
        };
    }

    private static byte[] read(ByteBuffer buffer, byte[] into) {
        buffer.get(into);
        return into;
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }
}
