package org.planetlab.trust.tls;

import static java.util.Objects.requireNonNull;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.trust.cert.Names;
import org.planetlab.trust.key.KeyAlgorithm;

/**
 * The X.509 certificate authority of a PlanetLab installation's TLS: it signs the certificates of
 * the PLC API, the boot server and other servers (with DNS and IP subject alternative names), and
 * client certificates where mutual TLS is wanted. Nodes and clients pin its certificate, never
 * the system trust store.
 */
public final class TlsCertificateAuthority {
    private final PrivateKey privateKey;
    private final X509Certificate certificate;
    private final Clock clock;
    private final SecureRandom random;

    public TlsCertificateAuthority(PrivateKey privateKey, X509Certificate certificate, Clock clock, SecureRandom random) {
        this.privateKey = requireNonNull(privateKey, "privateKey is null");
        this.certificate = requireNonNull(certificate, "certificate is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.random = requireNonNull(random, "random is null");
        if (certificate.getBasicConstraints() < 0) {
            throw PlanetLabException.invalidArgument("the TLS CA certificate is not a CA certificate (basicConstraints CA:false)");
        }
    }

    /** Creates a new self-signed CA named {@code name}, valid from now for {@code lifetime}. */
    public static TlsCertificateAuthority create(String name, KeyAlgorithm algorithm, Duration lifetime, Clock clock, SecureRandom random) {
        KeyPair keys = algorithm.generate(random);
        X500Name subject = commonName(name);
        Instant start = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        try {
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, serial(random),
                    Date.from(start.minus(Duration.ofMinutes(5))), Date.from(start.plus(lifetime)), subject, keys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(keys.getPublic()));
            X509Certificate certificate = sign(builder, keys.getPrivate());
            return new TlsCertificateAuthority(keys.getPrivate(), certificate, clock, random);
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new PlanetLabException(ErrorCode.INTERNAL_ERROR, "cannot create the TLS CA: " + e.getMessage(), e);
        }
    }

    public X509Certificate certificate() {
        return certificate;
    }

    public PrivateKey privateKey() {
        return privateKey;
    }

    /**
     * Issues a server certificate for the key, valid from now for {@code lifetime}.
     *
     * @param names DNS names and IP literals the server answers to; the first is also the common name
     */
    public X509Certificate issueServer(PublicKey publicKey, List<String> names, Duration lifetime) {
        return issue(publicKey, names, lifetime, KeyPurposeId.id_kp_serverAuth);
    }

    /** Issues a client certificate whose common name and only DNS name is {@code name}. */
    public X509Certificate issueClient(PublicKey publicKey, String name, Duration lifetime) {
        return issue(publicKey, List.of(name), lifetime, KeyPurposeId.id_kp_clientAuth);
    }

    /** A fresh key pair and server certificate, as an identity ready for a TLS server. */
    public TlsIdentity issueServerIdentity(List<String> names, Duration lifetime, KeyAlgorithm algorithm) {
        KeyPair keys = algorithm.generate(random);
        return new TlsIdentity(keys.getPrivate(), List.of(issueServer(keys.getPublic(), names, lifetime), certificate));
    }

    /** A fresh key pair and client certificate. */
    public TlsIdentity issueClientIdentity(String name, Duration lifetime, KeyAlgorithm algorithm) {
        KeyPair keys = algorithm.generate(random);
        return new TlsIdentity(keys.getPrivate(), List.of(issueClient(keys.getPublic(), name, lifetime), certificate));
    }

    private X509Certificate issue(PublicKey publicKey, List<String> names, Duration lifetime, KeyPurposeId purpose) {
        requireNonNull(publicKey, "publicKey is null");
        requireNonNull(names, "names is null");
        requireNonNull(lifetime, "lifetime is null");
        if (names.isEmpty()) {
            throw PlanetLabException.invalidArgument("a TLS certificate needs at least one DNS name or IP address");
        }
        KeyAlgorithm.requireAcceptable(publicKey, "the TLS certificate's key");
        List<GeneralName> alternatives = new ArrayList<>();
        for (String name : names) {
            alternatives.add(generalName(name));
        }
        Instant start = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        try {
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            int usage = KeyUsage.digitalSignature | (publicKey instanceof ECKey ? 0 : KeyUsage.keyEncipherment);
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(certificate, serial(random),
                    Date.from(start.minus(Duration.ofMinutes(5))), Date.from(start.plus(lifetime)), commonName(names.getFirst()), publicKey)
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(usage))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose))
                    .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(alternatives.toArray(GeneralName[]::new)))
                    .addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(publicKey))
                    .addExtension(Extension.authorityKeyIdentifier, false, extensions.createAuthorityKeyIdentifier(certificate));
            return sign(builder, privateKey);
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new PlanetLabException(ErrorCode.INTERNAL_ERROR, "cannot issue a TLS certificate: " + e.getMessage(), e);
        }
    }

    private static GeneralName generalName(String name) {
        requireNonNull(name, "name is null");
        if (name.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}") || name.contains(":")) {
            try {
                java.net.InetAddress.ofLiteral(name);
            } catch (IllegalArgumentException e) {
                throw PlanetLabException.invalidArgument("\"" + name + "\" is not a valid IP address");
            }
            return new GeneralName(GeneralName.iPAddress, name);
        }
        return new GeneralName(GeneralName.dNSName, Names.hostname(name));
    }

    private static X500Name commonName(String name) {
        return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, name).build();
    }

    private static BigInteger serial(SecureRandom random) {
        return new BigInteger(127, random).add(BigInteger.ONE);
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key) throws GeneralSecurityException {
        String algorithm = key instanceof ECKey ec && ec.getParams().getCurve().getField().getFieldSize() > 256
                ? "SHA384withECDSA" : key instanceof ECKey ? "SHA256withECDSA" : "SHA256withRSA";
        try {
            return new JcaX509CertificateConverter().getCertificate(builder.build(new JcaContentSignerBuilder(algorithm).build(key)));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException(e.getMessage(), e);
        }
    }
}
