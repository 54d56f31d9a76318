package org.planetlab.trust.cert;

import static java.util.Objects.requireNonNull;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.util.Optional;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.trust.key.KeyFingerprint;

/**
 * A signer: a private key and how documents it signs name it. A root credential names its key
 * fingerprint; a certified credential embeds its certificate, so what it signs can be checked by
 * anyone holding only the trust roots.
 */
public record Credential(PrivateKey privateKey, PublicKey publicKey, IssuerReference issuerReference) {
    public Credential {
        requireNonNull(privateKey, "privateKey is null");
        requireNonNull(publicKey, "publicKey is null");
        requireNonNull(issuerReference, "issuerReference is null");
        requireMatchingKeys(privateKey, publicKey);
    }

    /** A trust root signing directly with its own key. */
    public static Credential root(KeyPair keyPair) {
        requireNonNull(keyPair, "keyPair is null");
        return new Credential(keyPair.getPrivate(), keyPair.getPublic(), new IssuerReference.Root(KeyFingerprint.of(keyPair.getPublic())));
    }

    /** A holder of a certificate signing with the certificate's key. */
    public static Credential certified(PrivateKey privateKey, Certificate certificate) {
        requireNonNull(certificate, "certificate is null");
        return new Credential(privateKey, certificate.publicKey(), new IssuerReference.Embedded(certificate));
    }

    public Optional<Certificate> certificate() {
        return issuerReference instanceof IssuerReference.Embedded embedded ? Optional.of(embedded.certificate()) : Optional.empty();
    }

    /** The signer as named in messages. */
    public String signerName() {
        return certificate().map(certificate -> certificate.subject().displayName())
                .orElse("trust root " + KeyFingerprint.of(publicKey));
    }

    @Override
    public String toString() {
        return "Credential[" + signerName() + "]";
    }

    /**
     * The key's algorithm family: the JDK names EC keys "EC", BouncyCastle (registered once the SSH
     * library has loaded it) "ECDSA"; the pair is then checked by a signature.
     */
    private static String family(String algorithm) {
        return algorithm.equals("ECDSA") ? "EC" : algorithm;
    }

    private static void requireMatchingKeys(PrivateKey privateKey, PublicKey publicKey) {
        if (!family(privateKey.getAlgorithm()).equals(family(publicKey.getAlgorithm()))) {
            throw PlanetLabException.invalidArgument("the private key (" + privateKey.getAlgorithm()
                    + ") does not belong to the certificate's public key (" + publicKey.getAlgorithm() + ")");
        }
        try {
            String algorithm = family(publicKey.getAlgorithm()).equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
            byte[] probe = new byte[32];
            new SecureRandom().nextBytes(probe);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(privateKey);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(probe);
            if (!verifier.verify(signature)) {
                throw PlanetLabException.invalidArgument("the private key does not belong to the certificate's public key");
            }
        } catch (GeneralSecurityException e) {
            throw new PlanetLabException(ErrorCode.INVALID_ARGUMENT, "cannot use the key pair: " + e.getMessage(), e);
        }
    }
}
