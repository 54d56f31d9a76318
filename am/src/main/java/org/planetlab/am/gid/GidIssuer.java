package org.planetlab.am.gid;

import static java.util.Objects.requireNonNull;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.UUID;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.planetlab.am.urn.NameMapping;
import org.planetlab.am.urn.Urn;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;

/**
 * Makes GIDs: X.509 certificates whose common name is the hierarchical name and whose
 * subjectAltName holds the URN and a {@code urn:uuid:}, as SFA's do. Authorities' GIDs are CA
 * certificates; others are end entities usable as TLS client certificates.
 */
public final class GidIssuer {
    private final Clock clock;
    private final SecureRandom random;

    public GidIssuer(Clock clock, SecureRandom random) {
        this.clock = requireNonNull(clock, "clock is null");
        this.random = requireNonNull(random, "random is null");
    }

    /** A self-signed authority GID: a trust root. */
    public Gid selfSigned(Urn urn, java.security.KeyPair keys, Duration lifetime) {
        return make(urn, java.util.Optional.empty(), keys.getPublic(), true, lifetime, keys.getPrivate(), null);
    }

    /** A GID for {@code publicKey} signed by {@code issuer}'s key. */
    public Gid issue(Urn urn, PublicKey publicKey, boolean authority, Duration lifetime, PrivateKey issuerKey, Gid issuer) {
        return issue(urn, java.util.Optional.empty(), publicKey, authority, lifetime, issuerKey, issuer);
    }

    /** A GID for {@code publicKey} signed by {@code issuer}'s key, naming a person's e-mail address too, as SFA's user GIDs do. */
    public Gid issue(Urn urn, java.util.Optional<String> email, PublicKey publicKey, boolean authority, Duration lifetime,
            PrivateKey issuerKey, Gid issuer) {
        requireNonNull(issuer, "issuer is null");
        return make(urn, email, publicKey, authority, lifetime, issuerKey, issuer.certificate());
    }

    private Gid make(Urn urn, java.util.Optional<String> email, PublicKey publicKey, boolean authority, Duration lifetime,
            PrivateKey issuerKey, X509Certificate issuer) {
        requireNonNull(urn, "urn is null");
        requireNonNull(publicKey, "publicKey is null");
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, NameMapping.hierarchicalName(urn)).build();
        Instant start = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        try {
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            java.util.List<GeneralName> alternatives = new java.util.ArrayList<>(java.util.List.of(
                    new GeneralName(GeneralName.uniformResourceIdentifier, urn.toString()),
                    new GeneralName(GeneralName.uniformResourceIdentifier, "urn:uuid:" + new UUID(random.nextLong(), random.nextLong()))));
            email.ifPresent(address -> alternatives.add(new GeneralName(GeneralName.rfc822Name, address)));
            GeneralNames names = new GeneralNames(alternatives.toArray(GeneralName[]::new));
            int usage = authority ? KeyUsage.keyCertSign | KeyUsage.digitalSignature | KeyUsage.cRLSign
                    : KeyUsage.digitalSignature | (publicKey instanceof ECKey ? 0 : KeyUsage.keyEncipherment);
            X509v3CertificateBuilder builder = issuer == null
                    ? new JcaX509v3CertificateBuilder(subject, serial(), Date.from(start.minus(Duration.ofMinutes(5))),
                            Date.from(start.plus(lifetime)), subject, publicKey)
                    : new JcaX509v3CertificateBuilder(issuer, serial(), Date.from(start.minus(Duration.ofMinutes(5))),
                            Date.from(start.plus(lifetime)), subject, publicKey);
            builder.addExtension(Extension.basicConstraints, true, authority ? new BasicConstraints(true) : new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(usage))
                    .addExtension(Extension.subjectAlternativeName, false, names)
                    .addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(publicKey));
            if (issuer != null) {
                builder.addExtension(Extension.authorityKeyIdentifier, false, extensions.createAuthorityKeyIdentifier(issuer));
            }
            String algorithm = issuerKey instanceof ECKey ? "SHA256withECDSA" : "SHA256withRSA";
            X509Certificate certificate = new JcaX509CertificateConverter()
                    .getCertificate(builder.build(new JcaContentSignerBuilder(algorithm).build(issuerKey)));
            return new Gid(certificate, urn);
        } catch (GeneralSecurityException | OperatorCreationException | java.io.IOException e) {
            throw new PlanetLabException(ErrorCode.INTERNAL_ERROR, "cannot issue the GID of " + urn + ": " + e.getMessage(), e);
        }
    }

    private BigInteger serial() {
        return new BigInteger(127, random).add(BigInteger.ONE);
    }
}
