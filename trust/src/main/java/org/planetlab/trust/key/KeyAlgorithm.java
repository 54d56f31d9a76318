package org.planetlab.trust.key;

import static java.util.Objects.requireNonNull;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.util.Locale;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;

/**
 * The key types the trust library creates and accepts. Elliptic-curve P-256 is the default: its
 * keys are made in milliseconds and its signatures are small. RSA keys shorter than 2048 bits and
 * curves other than the NIST P curves are refused wherever a key is accepted.
 */
public enum KeyAlgorithm {
    EC_P256("EC", 256),
    EC_P384("EC", 384),
    RSA_2048("RSA", 2048),
    RSA_3072("RSA", 3072),
    RSA_4096("RSA", 4096);

    /** The smallest RSA modulus accepted from anyone. */
    public static final int MINIMUM_RSA_BITS = 2048;

    private final String family;
    private final int bits;

    KeyAlgorithm(String family, int bits) {
        this.family = family;
        this.bits = bits;
    }

    /** "EC" or "RSA", the JCA algorithm name. */
    public String family() {
        return family;
    }

    public int bits() {
        return bits;
    }

    /** Makes a fresh key pair from the given random source. */
    public KeyPair generate(SecureRandom random) {
        requireNonNull(random, "random is null");
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(family);
            if (family.equals("EC")) {
                generator.initialize(new ECGenParameterSpec("secp" + bits + "r1"), random);
            } else {
                generator.initialize(new RSAKeyGenParameterSpec(bits, RSAKeyGenParameterSpec.F4), random);
            }
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new PlanetLabException(ErrorCode.INTERNAL_ERROR, "cannot generate a " + this + " key pair: " + e.getMessage(), e);
        }
    }

    /** Parses a name such as {@code ec-p256} or {@code rsa-3072}. */
    public static KeyAlgorithm fromName(String name) {
        requireNonNull(name, "name is null");
        String normalized = name.strip().toUpperCase(Locale.ROOT).replace('-', '_');
        for (KeyAlgorithm algorithm : values()) {
            if (algorithm.name().equals(normalized)) {
                return algorithm;
            }
        }
        throw PlanetLabException.invalidArgument("unknown key algorithm \"" + name
                + "\"; use one of ec-p256, ec-p384, rsa-2048, rsa-3072, rsa-4096");
    }

    /**
     * Refuses a public key this library will not trust a signature or a sealed secret to: RSA
     * under 2048 bits, elliptic curves other than P-256, P-384 and P-521, any other key type.
     *
     * @param what names the key in the error message, e.g. "subject public key"
     */
    public static void requireAcceptable(PublicKey key, String what) {
        requireNonNull(key, "key is null");
        switch (key) {
            case RSAPublicKey rsa -> {
                if (rsa.getModulus().bitLength() < MINIMUM_RSA_BITS) {
                    throw PlanetLabException.invalidArgument("%s is an RSA key of %d bits; at least %d are required"
                            .formatted(what, rsa.getModulus().bitLength(), MINIMUM_RSA_BITS));
                }
            }
            case ECPublicKey ec -> {
                int fieldBits = ec.getParams().getCurve().getField().getFieldSize();
                int order = ec.getParams().getOrder().bitLength();
                if (!(fieldBits == 256 || fieldBits == 384 || fieldBits == 521) || order != fieldBits) {
                    throw PlanetLabException.invalidArgument(what + " uses an elliptic curve other than P-256, P-384 or P-521");
                }
            }
            default -> throw PlanetLabException.invalidArgument(what + " has unsupported key type " + key.getAlgorithm()
                    + "; use an EC (P-256/P-384) or RSA (2048+ bits) key");
        }
    }
}
