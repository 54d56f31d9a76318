package org.planetlab.am.gid;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.planetlab.am.urn.Urn;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.trust.key.KeyAlgorithm;
import org.planetlab.trust.key.KeyFiles;
import org.planetlab.trust.key.Pem;

/**
 * PLC's slice authority as GENI sees it: an RSA key and a self-signed authority GID
 * ({@code urn:publicid:IDN+plc+authority+sa}) kept in {@code geni/} of PLC's trust directory, so
 * that every PLC server on one store shares them. It signs slice credentials and issues GIDs; its
 * GID is a trust root of the aggregate, beside the foreign authorities' roots an operator puts in
 * {@code geni/trusted_roots/} (PEM files), as GENI aggregates keep theirs. RSA because the GENI and
 * SFA tools verify credentials with xmlsec1 and RSA keys.
 */
public final class GeniAuthority {
    private static final Duration LIFETIME = Duration.ofDays(3650);
    private static final Duration RENEW_BEFORE = Duration.ofDays(30);

    private final PrivateKey privateKey;
    private final Gid gid;
    private final List<X509Certificate> foreignRoots;
    private final java.util.Map<X509Certificate, AuthorityPolicy> policies;
    private final GidIssuer issuer;

    private GeniAuthority(PrivateKey privateKey, Gid gid, List<X509Certificate> foreignRoots,
            java.util.Map<X509Certificate, AuthorityPolicy> policies, GidIssuer issuer) {
        this.privateKey = privateKey;
        this.gid = gid;
        this.foreignRoots = List.copyOf(foreignRoots);
        this.policies = java.util.Map.copyOf(policies);
        this.issuer = issuer;
    }

    /** Loads the authority from {@code directory} (PLC's {@code trust/geni}), creating it on first use. */
    public static GeniAuthority openOrCreate(Path directory, Urn urn, Clock clock, SecureRandom random) {
        requireNonNull(directory, "directory is null");
        requireNonNull(urn, "urn is null");
        GidIssuer issuer = new GidIssuer(clock, random);
        Path keyFile = directory.resolve("sa.key");
        Path gidFile = directory.resolve("sa.gid.pem");
        if (!Files.exists(directory)) {
            KeyFiles.createPrivateDirectory(directory);
        }
        PrivateKey key;
        Gid gid;
        if (Files.exists(keyFile)) {
            key = KeyFiles.readPrivateKey(keyFile);
            gid = Gid.of(Pem.readCertificates(KeyFiles.read(gidFile)).getFirst());
            if (!gid.urn().equals(urn)) {
                throw PlanetLabException.invalidArgument(gidFile + " is the GID of " + gid.urn() + ", but this PLC's slice authority is "
                        + urn + "; move " + directory + " away to make a new one");
            }
            if (gid.certificate().getNotAfter().toInstant().isBefore(clock.instant().plus(RENEW_BEFORE))) {
                gid = issuer.selfSigned(urn, new KeyPair(gid.certificate().getPublicKey(), key), LIFETIME);
                KeyFiles.writePublic(gidFile, Pem.write(gid.certificate()));
            }
        } else {
            KeyPair keys = KeyAlgorithm.RSA_2048.generate(random);
            key = keys.getPrivate();
            gid = issuer.selfSigned(urn, keys, LIFETIME);
            KeyFiles.writePrivateKey(keyFile, key);
            KeyFiles.writePublic(gidFile, Pem.write(gid.certificate()));
        }
        java.util.Map<X509Certificate, AuthorityPolicy> policies = new java.util.HashMap<>();
        List<X509Certificate> foreign = readRoots(directory.resolve("trusted_roots"), policies);
        policies.put(gid.certificate(), AuthorityPolicy.read(directory.resolve("sa.policy")));
        return new GeniAuthority(key, gid, foreign, policies, issuer);
    }

    /** Reads every {@code <name>.pem} of {@code directory} and the policy of each, {@code <name>.policy}. */
    private static List<X509Certificate> readRoots(Path directory, java.util.Map<X509Certificate, AuthorityPolicy> policies) {
        List<X509Certificate> roots = new ArrayList<>();
        if (!Files.isDirectory(directory)) {
            return roots;
        }
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.filter(path -> path.toString().endsWith(".pem")).sorted().toList()) {
                String name = file.getFileName().toString();
                AuthorityPolicy policy = AuthorityPolicy.read(file.resolveSibling(name.substring(0, name.length() - 4) + ".policy"));
                for (X509Certificate root : Pem.readCertificates(Files.readString(file))) {
                    roots.add(root);
                    policies.put(root, policy);
                }
            }
        } catch (IOException e) {
            throw new PlanetLabException(ErrorCode.INTERNAL_ERROR, "cannot read the trusted roots in " + directory + ": " + e.getMessage(), e);
        }
        return roots;
    }

    public Gid gid() {
        return gid;
    }

    public PrivateKey privateKey() {
        return privateKey;
    }

    /** The certificates a GID must chain to: this authority's own, then the configured foreign ones. */
    public List<X509Certificate> roots() {
        List<X509Certificate> roots = new ArrayList<>();
        roots.add(gid.certificate());
        roots.addAll(foreignRoots);
        return List.copyOf(roots);
    }

    /** The policy of a trusted root (this authority's own or a foreign one); strict for anything else. */
    public AuthorityPolicy policyOf(X509Certificate root) {
        return policies.getOrDefault(root, AuthorityPolicy.STRICT);
    }

    /** Issues a GID under this authority (for a user or a slice). */
    public Gid issue(Urn urn, java.security.PublicKey publicKey, Duration lifetime) {
        return issuer.issue(urn, publicKey, false, lifetime, privateKey, gid);
    }

    /** Issues a person's GID under this authority, naming their e-mail address beside the URN. */
    public Gid issue(Urn urn, String email, java.security.PublicKey publicKey, Duration lifetime) {
        return issuer.issue(urn, java.util.Optional.of(email), publicKey, false, lifetime, privateKey, gid);
    }
}
