package org.planetlab.am.gid;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jdbi.v3.core.Handle;
import org.planetlab.am.urn.Urn;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.plc.naming.NamingAuthorityKeys;
import org.planetlab.plc.store.Database;
import org.planetlab.trust.key.KeyAlgorithm;
import org.planetlab.trust.key.KeyFiles;
import org.planetlab.trust.key.Pem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The GENI identities of the naming authorities PLC hosts besides its own (Architecture §4.4):
 * each ({@code ple}) has an RSA key and an authority GID, {@code urn:publicid:IDN+ple+authority+sa},
 * signed by PLC's own GENI authority, so that its GIDs and credentials chain to the root clients
 * and aggregates pin. The GID is kept in {@code naming_authority_gids}; the key in
 * {@code geni/authorities/<hrn>-<fingerprint>.key} of PLC's trust directory (0600), written before
 * the row commits. So a row always has its key; a key file no row names is what a refused change
 * left, and is removed at the next start.
 */
public final class HostedAuthorities implements NamingAuthorityKeys {
    private static final Logger LOG = LoggerFactory.getLogger(HostedAuthorities.class);
    private static final Duration LIFETIME = Duration.ofDays(3650);
    private static final Duration RENEW_BEFORE = Duration.ofDays(30);
    /** A key file younger than this may belong to a change still running on another PLC server. */
    private static final Duration ORPHAN_AGE = Duration.ofMinutes(10);

    /** An authority's key, its GID, and the chain a verifier needs: the GID, then PLC's root GID. */
    public record Signer(PrivateKey key, Gid gid, List<X509Certificate> chain) {
        public Signer {
            requireNonNull(key, "key is null");
            requireNonNull(gid, "gid is null");
            chain = List.copyOf(chain);
        }
    }

    private final GeniAuthority root;
    private final String ownAuthority;
    private final Database database;
    private final Path directory;
    private final Clock clock;
    private final SecureRandom random;
    private final GidIssuer issuer;
    private final Map<String, Signer> loaded = new ConcurrentHashMap<>();

    /**
     * @param root PLC's own GENI authority, which signs the hosted authorities' GIDs
     * @param directory where the keys are kept ({@code trust/geni/authorities})
     */
    public HostedAuthorities(GeniAuthority root, Database database, Path directory, Clock clock, SecureRandom random) {
        this.root = requireNonNull(root, "root is null");
        this.ownAuthority = root.gid().urn().authority();
        this.database = requireNonNull(database, "database is null");
        this.directory = requireNonNull(directory, "directory is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.random = requireNonNull(random, "random is null");
        this.issuer = new GidIssuer(clock, random);
    }

    /** The URN of a hosted authority's GID. */
    public static Urn authorityUrn(String hrn) {
        return new Urn(hrn, "authority", "sa");
    }

    /** Makes the key and GID of an authority just added, in the change adding it. */
    @Override
    public void added(Handle handle, long namingAuthorityId, String hrn) {
        make(handle, namingAuthorityId, hrn);
    }

    /**
     * Completes what a start needs: every hosted authority without a GID gets one (one added while
     * the aggregate was not served, or before keys existed), GIDs near their end are renewed for
     * the same key, and key files no row names are removed once they are old enough.
     */
    public void complete() {
        if (!Files.exists(directory)) {
            KeyFiles.createPrivateDirectory(directory);
        }
        KeyFiles.requirePrivateDirectory(directory);
        List<Map.Entry<Long, String>> missing = database.read(handle -> handle.createQuery(
                        "SELECT a.naming_authority_id, a.hrn FROM naming_authorities a LEFT JOIN naming_authority_gids g"
                                + " ON g.naming_authority_id = a.naming_authority_id"
                                + " WHERE a.is_own = FALSE AND g.naming_authority_id IS NULL ORDER BY a.naming_authority_id")
                .map((row, context) -> Map.entry(row.getLong(1), row.getString(2))).list());
        for (Map.Entry<Long, String> authority : missing) {
            database.write(handle -> {
                boolean made = handle.createQuery("SELECT COUNT(*) FROM naming_authority_gids WHERE naming_authority_id = :id")
                        .bind("id", authority.getKey()).mapTo(Long.class).one() > 0;
                if (!made) {
                    make(handle, authority.getKey(), authority.getValue());
                    LOG.info("made the key and GID of naming authority {}", authority.getValue());
                }
                return null;
            });
        }
        for (Stored stored : database.read(HostedAuthorities::stored)) {
            Signer signer = load(stored);
            if (signer.gid().certificate().getNotAfter().toInstant().isBefore(clock.instant().plus(RENEW_BEFORE))) {
                Gid renewed = issuer.issue(authorityUrn(stored.hrn()), signer.gid().certificate().getPublicKey(), true, LIFETIME,
                        root.privateKey(), root.gid());
                database.write(handle -> handle.createUpdate("UPDATE naming_authority_gids SET gid = :gid"
                                + " WHERE naming_authority_id = :id")
                        .bind("gid", Pem.write(renewed.certificate())).bind("id", stored.id()).execute());
                loaded.remove(stored.hrn());
            }
        }
        removeOrphans();
    }

    /** Whether {@code hrn} is an authority PLC hosts besides its own (one whose GID its root signs). */
    public boolean hosts(String hrn) {
        return find(hrn).isPresent();
    }

    /**
     * The signer for names under {@code authority} (as URNs spell it, {@code ple:inria}): PLC's
     * own authority for names under it, else the hosted authority of its first part.
     */
    public Optional<Signer> signerFor(String authority) {
        if (authority.equals(ownAuthority) || authority.startsWith(ownAuthority + ":")) {
            return Optional.of(new Signer(root.privateKey(), root.gid(), List.of(root.gid().certificate())));
        }
        return find(authority.split(":")[0]);
    }

    /** The signer for names under {@code authority}; SEARCHFAILED-like refusal if PLC hosts none. */
    public Signer requireSignerFor(String authority) {
        return signerFor(authority).orElseThrow(() -> org.planetlab.am.geni.GeniException.searchFailed("no naming authority "
                + authority.split(":")[0] + " at this PLC; ask the registry of that authority"));
    }

    /** Issues a GID for a name under {@code signer}'s authority (a person's names their e-mail address too). */
    public Gid issue(Signer signer, Urn urn, Optional<String> email, java.security.PublicKey publicKey, Duration lifetime) {
        return issuer.issue(urn, email, publicKey, false, lifetime, signer.key(), signer.gid());
    }

    /** The GIDs of the hosted authorities: the intermediates between their names' GIDs and PLC's root. */
    public List<X509Certificate> intermediates() {
        return database.read(HostedAuthorities::stored).stream().map(row -> find(row.hrn()))
                .flatMap(Optional::stream).map(signer -> signer.gid().certificate()).toList();
    }

    private Optional<Signer> find(String hrn) {
        Signer cached = loaded.get(hrn);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<Stored> stored = database.read(handle -> stored(handle).stream().filter(row -> row.hrn().equals(hrn)).findFirst());
        return stored.map(row -> loaded.computeIfAbsent(hrn, name -> load(row)));
    }

    private record Stored(long id, String hrn, String gid, String keyFile) {}

    private static List<Stored> stored(Handle handle) {
        return handle.createQuery("SELECT a.naming_authority_id, a.hrn, g.gid, g.key_file FROM naming_authority_gids g"
                        + " JOIN naming_authorities a ON a.naming_authority_id = g.naming_authority_id ORDER BY a.hrn")
                .map((row, context) -> new Stored(row.getLong(1), row.getString(2), row.getString(3), row.getString(4))).list();
    }

    private Signer load(Stored stored) {
        Gid gid = Gid.of(Pem.readCertificates(stored.gid()).getFirst());
        Path file = directory.resolve(stored.keyFile());
        if (!Files.exists(file)) {
            throw new PlanetLabException(ErrorCode.INTERNAL_ERROR, "the key of naming authority " + stored.hrn() + " (" + file
                    + ") is missing; restore it from a backup of PLC's trust directory");
        }
        PrivateKey key = KeyFiles.readPrivateKey(file);
        return new Signer(key, gid, List.of(gid.certificate(), root.gid().certificate()));
    }

    private void make(Handle handle, long namingAuthorityId, String hrn) {
        if (!Files.exists(directory)) {
            KeyFiles.createPrivateDirectory(directory);
        }
        KeyPair keys = KeyAlgorithm.RSA_2048.generate(random);
        Gid gid = issuer.issue(authorityUrn(hrn), keys.getPublic(), true, LIFETIME, root.privateKey(), root.gid());
        String keyFile = hrn + "-" + fingerprint(keys) + ".key";
        KeyFiles.writePrivateKey(directory.resolve(keyFile), keys.getPrivate());
        handle.createUpdate("INSERT INTO naming_authority_gids (naming_authority_id, gid, key_file, date_created)"
                        + " VALUES (:id, :gid, :file, :now)")
                .bind("id", namingAuthorityId).bind("gid", Pem.write(gid.certificate())).bind("file", keyFile)
                .bind("now", clock.instant().getEpochSecond()).execute();
    }

    private void removeOrphans() {
        Set<String> named = database.read(HostedAuthorities::stored).stream().map(Stored::keyFile).collect(Collectors.toSet());
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.filter(path -> path.getFileName().toString().endsWith(".key")).toList()) {
                if (!named.contains(file.getFileName().toString())
                        && Files.getLastModifiedTime(file).toInstant().isBefore(clock.instant().minus(ORPHAN_AGE))) {
                    Files.delete(file);
                    LOG.info("removed {}, the key of a naming authority whose addition was refused", file);
                }
            }
        } catch (IOException e) {
            throw new PlanetLabException(ErrorCode.INTERNAL_ERROR, "cannot clean " + directory + ": " + e.getMessage(), e);
        }
    }

    private static String fingerprint(KeyPair keys) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(keys.getPublic().getEncoded());
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always present", e);
        }
    }
}
