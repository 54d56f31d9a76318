package org.planetlab.trust.release;

import static java.util.Objects.requireNonNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.function.Supplier;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.trust.cert.Credential;
import org.planetlab.trust.cert.Validity;
import org.planetlab.trust.key.KeyAlgorithm;
import org.planetlab.trust.key.KeyFiles;

/**
 * PLC's release key and the root's delegation to it, in a directory (mode 0700):
 *
 * <pre>
 * release.key        the release private key (0600)
 * delegation.xml     the current delegation, signed by a trust root (0644)
 * archive/           keys and delegations replaced by rotation
 * </pre>
 *
 * The root key is asked for only to create, renew (within 30 days of expiry) or rotate the
 * delegation; publishing releases needs only the release key. Not for concurrent use by two
 * processes on one directory.
 */
public final class ReleaseKeyring {
    private static final Duration RENEW_BEFORE = Duration.ofDays(30);

    private final Path directory;
    private final Supplier<Credential> root;
    private final KeyAlgorithm algorithm;
    private final Duration lifetime;
    private final Clock clock;
    private final SecureRandom random;
    private KeyPair releaseKey;
    private String delegationXml;
    private ReleaseDelegation delegation;

    private ReleaseKeyring(Path directory, Supplier<Credential> root, KeyAlgorithm algorithm, Duration lifetime, Clock clock,
            SecureRandom random) {
        this.directory = directory;
        this.root = root;
        this.algorithm = algorithm;
        this.lifetime = lifetime;
        this.clock = clock;
        this.random = random;
    }

    /**
     * Loads the keyring, creating the key and delegation 1 on first use and renewing a
     * delegation close to its end.
     *
     * @param root the trust root credential that signs delegations, asked for only when one is signed
     * @param lifetime how long a delegation holds
     */
    public static ReleaseKeyring openOrCreate(Path directory, Supplier<Credential> root, KeyAlgorithm algorithm, Duration lifetime,
            Clock clock, SecureRandom random) {
        ReleaseKeyring keyring = new ReleaseKeyring(requireNonNull(directory, "directory is null"), requireNonNull(root, "root is null"),
                requireNonNull(algorithm, "algorithm is null"), requireNonNull(lifetime, "lifetime is null"),
                requireNonNull(clock, "clock is null"), requireNonNull(random, "random is null"));
        if (lifetime.compareTo(RENEW_BEFORE.multipliedBy(2)) < 0) {
            throw PlanetLabException.invalidArgument("a release key delegation must hold at least 60 days, got " + lifetime);
        }
        KeyFiles.createPrivateDirectory(directory);
        if (!Files.exists(keyring.keyFile())) {
            keyring.install(algorithm.generate(random), 1);
        } else {
            keyring.load();
        }
        return keyring;
    }

    /** The current delegation document, as nodes fetch it. */
    public synchronized String delegationXml() {
        return delegationXml;
    }

    public synchronized ReleaseDelegation delegation() {
        return delegation;
    }

    /** A signer with the current release key. */
    public synchronized ReleaseSigner signer() {
        return new ReleaseSigner(releaseKey);
    }

    /**
     * Replaces the release key: a new key pair and a delegation with the next sequence, signed by
     * the root. Nodes that see the new delegation refuse everything the old key signs.
     */
    public synchronized ReleaseDelegation rotate() {
        archive();
        install(algorithm.generate(random), delegation.sequence() + 1);
        return delegation;
    }

    private void load() {
        PrivateKey privateKey = KeyFiles.readPrivateKey(keyFile());
        String xml = KeyFiles.read(delegationFile());
        ReleaseDelegation stored = ReleaseDelegationXml.parse(xml).delegation();
        this.releaseKey = new KeyPair(stored.releaseKey(), privateKey);
        // Refuses a key file that does not belong to the delegated public key (a half-done rotation).
        Credential.root(releaseKey);
        this.delegation = stored;
        this.delegationXml = xml;
        if (delegation.validity().notAfter().isBefore(clock.instant().plus(RENEW_BEFORE))) {
            archive();
            install(releaseKey, delegation.sequence() + 1);
        }
    }

    private void install(KeyPair keys, long sequence) {
        ReleaseDelegation next = new ReleaseDelegation(sequence, keys.getPublic(), Validity.starting(clock.instant(), lifetime));
        String xml = ReleaseSigner.signDelegation(next, root.get());
        KeyFiles.writePrivateKey(keyFile(), keys.getPrivate());
        KeyFiles.writePublic(delegationFile(), xml);
        this.releaseKey = keys;
        this.delegation = next;
        this.delegationXml = xml;
    }

    private void archive() {
        Path archive = directory.resolve("archive");
        KeyFiles.createPrivateDirectory(archive);
        String stamp = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(clock.instant());
        String prefix = "delegation-" + delegation.sequence() + "." + stamp;
        KeyFiles.writePrivate(archive.resolve(prefix + ".key"), KeyFiles.readPrivate(keyFile()));
        KeyFiles.writePublic(archive.resolve(prefix + ".xml"), delegationXml);
    }

    private Path keyFile() {
        return directory.resolve("release.key");
    }

    private Path delegationFile() {
        return directory.resolve("delegation.xml");
    }
}
