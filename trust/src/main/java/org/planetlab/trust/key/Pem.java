package org.planetlab.trust.key;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMException;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;
import org.planetlab.api.error.PlanetLabException;

/**
 * Reads and writes keys and X.509 certificates in PEM. Private keys are written as unencrypted
 * PKCS#8 ({@code PRIVATE KEY}); their protection is the file mode (see {@link KeyFiles}). Reading
 * also accepts the OpenSSL forms {@code RSA PRIVATE KEY} and {@code EC PRIVATE KEY}.
 */
public final class Pem {
    private static final JcaPEMKeyConverter KEYS = new JcaPEMKeyConverter();
    private static final int MAX_PEM_CHARS = 1 << 20;

    private Pem() {
    }

    public static String write(PublicKey key) {
        return encode("PUBLIC KEY", requireNonNull(key, "key is null").getEncoded());
    }

    public static String write(PrivateKey key) {
        return encode("PRIVATE KEY", requireNonNull(key, "key is null").getEncoded());
    }

    public static String write(X509Certificate certificate) {
        try {
            return encode("CERTIFICATE", requireNonNull(certificate, "certificate is null").getEncoded());
        } catch (java.security.cert.CertificateEncodingException e) {
            throw PlanetLabException.invalidArgument("cannot encode certificate: " + e.getMessage());
        }
    }

    /** Reads the first public key in the text; a {@code CERTIFICATE} block yields its key. */
    public static PublicKey readPublicKey(String pem) {
        for (Object object : objects(pem, "public key")) {
            try {
                if (object instanceof SubjectPublicKeyInfo info) {
                    return KEYS.getPublicKey(info);
                }
                if (object instanceof X509CertificateHolder holder) {
                    return KEYS.getPublicKey(holder.getSubjectPublicKeyInfo());
                }
            } catch (PEMException e) {
                throw PlanetLabException.invalidArgument("the PEM public key cannot be decoded: " + e.getMessage());
            }
        }
        throw PlanetLabException.invalidArgument("no PEM \"PUBLIC KEY\" or \"CERTIFICATE\" block found");
    }

    public static PrivateKey readPrivateKey(String pem) {
        for (Object object : objects(pem, "private key")) {
            try {
                if (object instanceof PrivateKeyInfo info) {
                    return standard(KEYS.getPrivateKey(info));
                }
                if (object instanceof PEMKeyPair pair) {
                    return standard(KEYS.getPrivateKey(pair.getPrivateKeyInfo()));
                }
            } catch (PEMException e) {
                throw PlanetLabException.invalidArgument("the PEM private key cannot be decoded: " + e.getMessage());
            }
        }
        throw PlanetLabException.invalidArgument("no unencrypted PEM \"PRIVATE KEY\" block found");
    }

    /**
     * The key as the JDK's own provider makes it. Where BouncyCastle is registered (the node's SSH
     * gateway registers it), an EC key comes back named "ECDSA", and JSSE then will not present a
     * certificate for it ("private or public key is not of EC algorithm"): every TLS handshake
     * fails.
     */
    private static PrivateKey standard(PrivateKey key) {
        if (!key.getAlgorithm().equals("ECDSA")) {
            return key;
        }
        try {
            return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(key.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw PlanetLabException.invalidArgument("the PEM EC private key cannot be read by the JDK: " + e.getMessage());
        }
    }

    /** Reads every {@code CERTIFICATE} block, in order. */
    public static List<X509Certificate> readCertificates(String pem) {
        List<X509Certificate> certificates = new ArrayList<>();
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
        for (Object object : objects(pem, "certificate")) {
            if (object instanceof X509CertificateHolder holder) {
                try {
                    certificates.add(converter.getCertificate(holder));
                } catch (CertificateException e) {
                    throw PlanetLabException.invalidArgument("a PEM certificate cannot be decoded: " + e.getMessage());
                }
            }
        }
        if (certificates.isEmpty()) {
            throw PlanetLabException.invalidArgument("no PEM \"CERTIFICATE\" block found");
        }
        return List.copyOf(certificates);
    }

    private static List<Object> objects(String pem, String what) {
        requireNonNull(pem, "pem is null");
        if (pem.length() > MAX_PEM_CHARS) {
            throw PlanetLabException.invalidArgument("the PEM text for a " + what + " is larger than " + MAX_PEM_CHARS + " characters");
        }
        List<Object> objects = new ArrayList<>();
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            Object object;
            while ((object = parser.readObject()) != null) {
                objects.add(object);
            }
        } catch (IOException | RuntimeException e) {
            throw PlanetLabException.invalidArgument("the PEM text for a " + what + " is malformed: " + e.getMessage());
        }
        return objects;
    }

    private static String encode(String type, byte[] der) {
        StringWriter text = new StringWriter();
        try (PemWriter writer = new PemWriter(text)) {
            writer.writeObject(new PemObject(type, der));
        } catch (IOException e) {
            throw new IllegalStateException("writing to a string cannot fail", e);
        }
        return text.toString();
    }
}
