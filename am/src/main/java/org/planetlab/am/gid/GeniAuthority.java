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
import org.planetlab.plc.naming.ManagementAuthorityService;
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
    private final List<ManagementAuthorityService.FilePolicy> placements;
    private final GidIssuer issuer;

    private GeniAuthority(PrivateKey privateKey, Gid gid, List<X509Certificate> foreignRoots,
            java.util.Map<X509Certificate, AuthorityPolicy> policies,
            List<ManagementAuthorityService.FilePolicy> placements, GidIssuer issuer) {
        this.privateKey = privateKey;
        this.gid = gid;
        this.foreignRoots = List.copyOf(foreignRoots);
        this.policies = java.util.Map.copyOf(policies);
        this.placements = List.copyOf(placements);
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
        policies.put(gid.certificate(), AuthorityPolicy.read(directory.resolve("sa.policy"), false));
        return new GeniAuthority(key, gid, foreign, policies, placements(directory.resolve("trusted_roots")), issuer);
    }

    /**
     * The slice placement of each foreign authority whose {@code <name>.policy} has node-groups or
     * max-slivers: the rule for slice authority {@code <name>} on PLC's own nodes.
     */
    private static List<ManagementAuthorityService.FilePolicy> placements(Path directory) {
        List<ManagementAuthorityService.FilePolicy> placements = new ArrayList<>();
        if (!Files.isDirectory(directory)) {
            return placements;
        }
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.filter(path -> path.toString().endsWith(".policy")).sorted().toList()) {
                String name = file.getFileName().toString();
                name = name.substring(0, name.length() - ".policy".length());
                AuthorityPolicy policy = AuthorityPolicy.read(file);
                if (!policy.placesSlices()) {
                    continue;
                }
                if (!Files.exists(file.resolveSibling(name + ".pem"))) {
                    throw PlanetLabException.invalidArgument(file + " places the slices of " + name + ", but there is no "
                            + name + ".pem beside it: a policy is for a trusted root");
                }
                if (!name.matches("[a-z][a-z0-9]*(\\.[a-z][a-z0-9]*)*")) {
                    throw PlanetLabException.invalidArgument(file + " places the slices of slice authority \"" + name
                            + "\", which is no authority name (dot-separated lowercase names, e.g. pla); rename the files");
                }
                placements.add(new ManagementAuthorityService.FilePolicy(name, "trusted_roots/" + file.getFileName(),
                        policy.nodeGroups(), policy.maxSlivers()));
            }
        } catch (IOException e) {
            throw new PlanetLabException(ErrorCode.INTERNAL_ERROR, "cannot read the policies in " + directory + ": " + e.getMessage(), e);
        }
        return placements;
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

    /** The foreign authorities' slice placements from their policy files (node-groups, max-slivers). */
    public List<ManagementAuthorityService.FilePolicy> placements() {
        return placements;
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
