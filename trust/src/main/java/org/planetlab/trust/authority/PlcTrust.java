package org.planetlab.trust.authority;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.trust.cert.AuthorityRole;
import org.planetlab.trust.cert.AuthoritySubject;
import org.planetlab.trust.cert.Certificate;
import org.planetlab.trust.cert.CertificateSigner;
import org.planetlab.trust.cert.CertificateXml;
import org.planetlab.trust.cert.ChainVerifier;
import org.planetlab.trust.cert.Credential;
import org.planetlab.trust.key.KeyFiles;
import org.planetlab.trust.key.Pem;
import org.planetlab.trust.key.TrustRoot;
import org.planetlab.trust.key.TrustRoots;
import org.planetlab.trust.tls.TlsCertificateAuthority;
import org.planetlab.trust.tls.TlsIdentity;

/**
 * The PLC certificate authority bootstrap. Given an empty (or missing) directory,
 * {@link #openOrCreate} creates the root key, the slice and management authority keys and
 * certificates and the TLS CA; on later starts it loads them, checking file modes, and re-certifies
 * an authority whose certificate is within 30 days of expiry. See {@link TrustLayout} for the files.
 * Not for concurrent use by two processes on one directory.
 */
public final class PlcTrust {
    private static final Duration RENEW_BEFORE = Duration.ofDays(30);

    private final TrustLayout layout;
    private final TrustMode mode;
    private final PlcTrustOptions options;
    private final Clock clock;
    private final SecureRandom random;
    private final TrustRoots roots;
    private final Map<AuthorityRole, Credential> authorities = new EnumMap<>(AuthorityRole.class);
    private final TlsCertificateAuthority tlsAuthority;

    private PlcTrust(TrustLayout layout, TrustMode mode, PlcTrustOptions options, Clock clock, SecureRandom random) {
        this.layout = layout;
        this.mode = mode;
        this.options = options;
        this.clock = clock;
        this.random = random;
        this.roots = TrustRoots.load(layout.roots());
        for (AuthorityRole role : AuthorityRole.values()) {
            authorities.put(role, loadAuthority(role));
        }
        PrivateKey caKey = KeyFiles.readPrivateKey(layout.tlsCaKey());
        X509Certificate caCertificate = Pem.readCertificates(KeyFiles.read(layout.tlsCaCertificate())).getFirst();
        this.tlsAuthority = new TlsCertificateAuthority(caKey, caCertificate, clock, random);
    }

    /** Loads the directory, creating everything on first start. */
    public static PlcTrust openOrCreate(Path directory, PlcTrustOptions options, Clock clock, SecureRandom random) {
        TrustLayout layout = new TrustLayout(requireNonNull(directory, "directory is null"));
        requireNonNull(options, "options is null");
        requireNonNull(clock, "clock is null");
        requireNonNull(random, "random is null");
        if (!Files.exists(layout.properties())) {
            requireEmpty(directory);
            new TrustBootstrap(layout, options, clock, random).create();
        }
        KeyFiles.requirePrivateDirectory(directory);
        Properties properties = readProperties(layout.properties());
        TrustMode mode = TrustMode.valueOf(properties.getProperty("mode", TrustMode.HIERARCHICAL.name()));
        PlcTrustOptions stored = new PlcTrustOptions(mode, properties.getProperty("slice-authority"),
                properties.getProperty("management-authority"), options.keyAlgorithm(), options.authorityLifetime(), options.tlsCaLifetime());
        return new PlcTrust(layout, mode, stored, clock, random);
    }

    public Path directory() {
        return layout.directory();
    }

    public TrustMode mode() {
        return mode;
    }

    /** The well-known root keys; {@code roots/} holds them for distribution. */
    public TrustRoots roots() {
        return roots;
    }

    /** A chain verifier over these roots and this clock. */
    public ChainVerifier chainVerifier() {
        return new ChainVerifier(roots, clock);
    }

    /** The SA's key and certificate: signs tickets ({@code GetSliceTicket}). */
    public Credential sliceAuthority() {
        return authorities.get(AuthorityRole.SLICE);
    }

    /** The MA's key and certificate: signs node certificates at boot. */
    public Credential managementAuthority() {
        return authorities.get(AuthorityRole.MANAGEMENT);
    }

    /**
     * A trust root signing with its own key, for the statements only a root makes (the release key
     * delegation): the root key in hierarchical mode; in authorities-as-roots mode the management
     * authority's key, which is itself a root there.
     */
    public Credential rootCredential() {
        if (mode == TrustMode.HIERARCHICAL) {
            return Credential.root(new KeyPair(rootPublicKey(), KeyFiles.readPrivateKey(layout.rootKey())));
        }
        Credential management = managementAuthority();
        return Credential.root(new KeyPair(management.publicKey(), management.privateKey()));
    }

    public TlsCertificateAuthority tlsAuthority() {
        return tlsAuthority;
    }

    /** The certificate nodes and clients pin ({@code tls-ca.pem}). */
    public X509Certificate tlsCaCertificate() {
        return tlsAuthority.certificate();
    }

    /**
     * The PLC server's TLS identity for these names: the stored one if it was issued by this CA,
     * covers every name and has more than a third of {@code lifetime} left; otherwise a new one,
     * which is stored.
     */
    public TlsIdentity serverIdentity(List<String> names, Duration lifetime) {
        return new ServerIdentityStore(layout, tlsAuthority, clock).identity(names, lifetime, options.keyAlgorithm());
    }

    /**
     * Replaces an authority's key pair and certificate; the root keys do not change, so nodes keep
     * trusting the new certificate. The old key and certificate move to {@code archive/}. Refused
     * in {@link TrustMode#AUTHORITIES_AS_ROOTS}, where the authority key is itself a root.
     */
    public Credential rotate(AuthorityRole role) {
        requireNonNull(role, "role is null");
        if (mode == TrustMode.AUTHORITIES_AS_ROOTS) {
            throw new PlanetLabException(ErrorCode.PERMISSION_DENIED, "cannot rotate the " + role.description()
                    + " certificate in authorities-as-roots mode: its key is a trust root, so every node's roots would have to change;"
                    + " use hierarchical mode to rotate authority certificates without touching the roots");
        }
        archive(role);
        KeyPair keys = options.keyAlgorithm().generate(random);
        Certificate certificate = certify(role, keys);
        KeyFiles.writePrivateKey(layout.authorityKey(role), keys.getPrivate());
        KeyFiles.writePublic(layout.authorityCertificate(role), certificate.xml());
        Credential credential = Credential.certified(keys.getPrivate(), certificate);
        authorities.put(role, credential);
        return credential;
    }

    private Credential loadAuthority(AuthorityRole role) {
        PrivateKey key = KeyFiles.readPrivateKey(layout.authorityKey(role));
        Certificate certificate = CertificateXml.parse(KeyFiles.read(layout.authorityCertificate(role)));
        if (certificate.validity().notAfter().isBefore(clock.instant().plus(RENEW_BEFORE))) {
            certificate = certify(role, new KeyPair(certificate.publicKey(), key));
            KeyFiles.writePublic(layout.authorityCertificate(role), certificate.xml());
        }
        new ChainVerifier(roots, clock).verify(certificate);
        return Credential.certified(key, certificate);
    }

    private Certificate certify(AuthorityRole role, KeyPair keys) {
        String name = role == AuthorityRole.SLICE ? options.sliceAuthorityName() : options.managementAuthorityName();
        Credential issuer = mode == TrustMode.HIERARCHICAL
                ? Credential.root(new KeyPair(rootPublicKey(), KeyFiles.readPrivateKey(layout.rootKey())))
                : Credential.root(keys);
        return new CertificateSigner(clock, random).issue(new AuthoritySubject(name, role), keys.getPublic(), true,
                options.authorityLifetime(), issuer);
    }

    private java.security.PublicKey rootPublicKey() {
        return roots.all().stream().filter(root -> root.name().equals(TrustBootstrap.ROOT_NAME)).map(TrustRoot::publicKey)
                .findFirst().orElseThrow(() -> PlanetLabException.notFound("root key " + TrustBootstrap.ROOT_NAME + ".pem is missing from "
                        + layout.roots()));
    }

    private void archive(AuthorityRole role) {
        Path archive = layout.archive();
        KeyFiles.createPrivateDirectory(archive);
        String stamp = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(clock.instant());
        String prefix = TrustLayout.prefix(role) + "." + stamp;
        KeyFiles.writePrivate(archive.resolve(prefix + ".key"), KeyFiles.readPrivate(layout.authorityKey(role)));
        KeyFiles.writePublic(archive.resolve(prefix + ".cert.xml"), KeyFiles.read(layout.authorityCertificate(role)));
    }

    private static void requireEmpty(Path directory) {
        if (!Files.isDirectory(directory)) {
            return;
        }
        try (Stream<Path> entries = Files.list(directory)) {
            if (entries.findAny().isPresent()) {
                throw new PlanetLabException(ErrorCode.IN_USE, "trust directory " + directory
                        + " is not empty but has no trust.properties (an interrupted first start?); move it away and start again");
            }
        } catch (IOException e) {
            throw new PlanetLabException(ErrorCode.INTERNAL_ERROR, "cannot list " + directory + ": " + e.getMessage(), e);
        }
    }

    static Properties readProperties(Path file) {
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(KeyFiles.read(file)));
        } catch (IOException e) {
            throw new PlanetLabException(ErrorCode.INTERNAL_ERROR, "cannot read " + file + ": " + e.getMessage(), e);
        }
        return properties;
    }

    static String format(Properties properties) {
        StringWriter writer = new StringWriter();
        try {
            properties.store(writer, "PlanetLab trust directory");
        } catch (IOException e) {
            throw new IllegalStateException("writing to a string cannot fail", e);
        }
        return writer.toString();
    }
}
