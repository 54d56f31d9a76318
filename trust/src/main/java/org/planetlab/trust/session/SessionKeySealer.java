package org.planetlab.trust.session;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.KDF;
import javax.crypto.KeyAgreement;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.HKDFParameterSpec;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.trust.key.KeyAlgorithm;

/**
 * Seals a session key to a certificate's public key so that only the holder of the private key
 * can read it ({@code AuthenticateCertificate}, Architecture §5.5). Two standard constructions,
 * chosen by the key type, each with a self-describing text form:
 *
 * <ul>
 *   <li>RSA: {@code v1.rsa-oaep-sha256.<ciphertext>}, RSA-OAEP with SHA-256 and MGF1-SHA-256;
 *   <li>EC: {@code v1.ecdh-hkdf-sha256-a256gcm.<ephemeral public key>.<nonce>.<ciphertext>}: an
 *       ephemeral key on the recipient's curve, ECDH, HKDF-SHA256 (salt = SHA-256 of the ephemeral
 *       and recipient public keys, info = the scheme name) to a 256-bit AES key, AES-GCM with a
 *       96-bit random nonce and the header as associated data (an ECIES in the style of RFC 9180).
 * </ul>
 *
 * Every part is unpadded base64url. Opening a tampered or misdirected box fails with
 * {@link ErrorCode#AUTHENTICATION_FAILED} and no detail an attacker could use.
 */
public final class SessionKeySealer {
    static final String RSA_SCHEME = "v1.rsa-oaep-sha256";
    static final String EC_SCHEME = "v1.ecdh-hkdf-sha256-a256gcm";
    private static final OAEPParameterSpec OAEP = new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT);
    private static final int NONCE_BYTES = 12;
    private static final int MAX_SEALED_CHARS = 4096;

    private final SecureRandom random;

    public SessionKeySealer(SecureRandom random) {
        this.random = requireNonNull(random, "random is null");
    }

    /** Seals the key to the recipient's public key. */
    public String seal(SessionKey key, PublicKey recipient) {
        requireNonNull(key, "key is null");
        requireNonNull(recipient, "recipient is null");
        KeyAlgorithm.requireAcceptable(recipient, "the recipient key");
        try {
            return switch (recipient) {
                case RSAPublicKey rsa -> {
                    Cipher cipher = Cipher.getInstance("RSA/ECB/OAEPPadding");
                    cipher.init(Cipher.ENCRYPT_MODE, rsa, OAEP, random);
                    yield RSA_SCHEME + "." + encode(cipher.doFinal(key.bytes()));
                }
                case ECPublicKey ec -> sealEc(key, ec);
                default -> throw PlanetLabException.invalidArgument("cannot seal to a " + recipient.getAlgorithm() + " key");
            };
        } catch (GeneralSecurityException e) {
            throw new PlanetLabException(ErrorCode.INTERNAL_ERROR, "cannot seal the session key: " + e.getMessage(), e);
        }
    }

    /** Opens a sealed key with the recipient's private key. */
    public SessionKey open(String sealed, PrivateKey recipient) {
        requireNonNull(sealed, "sealed is null");
        requireNonNull(recipient, "recipient is null");
        if (sealed.length() > MAX_SEALED_CHARS) {
            throw cannotOpen();
        }
        String[] parts = sealed.split("\\.", -1);
        try {
            if (sealed.startsWith(RSA_SCHEME + ".") && parts.length == 3 && recipient instanceof RSAPrivateKey) {
                Cipher cipher = Cipher.getInstance("RSA/ECB/OAEPPadding");
                cipher.init(Cipher.DECRYPT_MODE, recipient, OAEP);
                return SessionKey.fromBytes(cipher.doFinal(decode(parts[2])));
            }
            if (sealed.startsWith(EC_SCHEME + ".") && parts.length == 5 && recipient instanceof ECPrivateKey ec) {
                return openEc(parts, ec);
            }
        } catch (GeneralSecurityException | IllegalArgumentException | PlanetLabException e) {
            throw cannotOpen();
        }
        throw cannotOpen();
    }

    private String sealEc(SessionKey key, ECPublicKey recipient) throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(recipient.getParams(), random);
        KeyPair ephemeral = generator.generateKeyPair();
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        String header = EC_SCHEME + "." + encode(ephemeral.getPublic().getEncoded());
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, derive(ephemeral.getPrivate(), recipient, ephemeral.getPublic(), recipient),
                new GCMParameterSpec(128, nonce));
        cipher.updateAAD(header.getBytes(StandardCharsets.US_ASCII));
        return header + "." + encode(nonce) + "." + encode(cipher.doFinal(key.bytes()));
    }

    private SessionKey openEc(String[] parts, ECPrivateKey recipient) throws GeneralSecurityException {
        PublicKey ephemeral = KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(decode(parts[2])));
        if (!(ephemeral instanceof ECPublicKey ephemeralEc)
                || ephemeralEc.getParams().getCurve().getField().getFieldSize() != recipient.getParams().getCurve().getField().getFieldSize()) {
            throw new GeneralSecurityException("ephemeral key is not on the recipient's curve");
        }
        byte[] nonce = decode(parts[3]);
        if (nonce.length != NONCE_BYTES) {
            throw new GeneralSecurityException("bad nonce length");
        }
        PublicKey recipientPublic = publicKeyOf(recipient);
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.DECRYPT_MODE, derive(recipient, ephemeral, ephemeral, recipientPublic), new GCMParameterSpec(128, nonce));
        cipher.updateAAD((parts[0] + "." + parts[1] + "." + parts[2]).getBytes(StandardCharsets.US_ASCII));
        return SessionKey.fromBytes(cipher.doFinal(decode(parts[4])));
    }

    private static SecretKey derive(PrivateKey own, PublicKey peer, PublicKey ephemeral, PublicKey recipient) throws GeneralSecurityException {
        KeyAgreement agreement = KeyAgreement.getInstance("ECDH");
        agreement.init(own);
        agreement.doPhase(peer, true);
        byte[] shared = agreement.generateSecret();
        MessageDigest salt = MessageDigest.getInstance("SHA-256");
        salt.update(ephemeral.getEncoded());
        salt.update(recipient.getEncoded());
        try {
            KDF hkdf = KDF.getInstance("HKDF-SHA256");
            return hkdf.deriveKey("AES", HKDFParameterSpec.ofExtract().addIKM(shared).addSalt(salt.digest())
                    .thenExpand(EC_SCHEME.getBytes(StandardCharsets.US_ASCII), 32));
        } finally {
            Arrays.fill(shared, (byte) 0);
        }
    }

    /** The public half of an EC private key, computed as d·G (the JCA has no call for it). */
    private static PublicKey publicKeyOf(ECPrivateKey privateKey) throws GeneralSecurityException {
        org.bouncycastle.jce.spec.ECParameterSpec spec = org.bouncycastle.jcajce.provider.asymmetric.util.EC5Util
                .convertSpec(privateKey.getParams());
        org.bouncycastle.math.ec.ECPoint point = spec.getG().multiply(privateKey.getS()).normalize();
        java.security.spec.ECPoint javaPoint = new java.security.spec.ECPoint(
                point.getAffineXCoord().toBigInteger(), point.getAffineYCoord().toBigInteger());
        return KeyFactory.getInstance("EC").generatePublic(new java.security.spec.ECPublicKeySpec(javaPoint, privateKey.getParams()));
    }

    private static String encode(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static byte[] decode(String text) {
        if (!text.matches("[A-Za-z0-9_-]+")) {
            throw new IllegalArgumentException("not base64url");
        }
        return Base64.getUrlDecoder().decode(text);
    }

    private static PlanetLabException cannotOpen() {
        return new PlanetLabException(ErrorCode.AUTHENTICATION_FAILED,
                "the sealed session key cannot be opened with this private key (wrong key, unknown format or tampered)");
    }
}
