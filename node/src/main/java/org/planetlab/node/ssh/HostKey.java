package org.planetlab.node.ssh;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.util.security.SecurityUtils;
import org.planetlab.trust.key.KeyFiles;
import org.planetlab.trust.key.Pem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's host key: Ed25519, made once per node and kept in the state directory
 * ({@code host-key-ed25519.pem}, mode 0600, PKCS#8 PEM; its public half in OpenSSH's one-line
 * form in {@code host-key-ed25519.pub}, for {@code ssh-keygen -lf} and known_hosts files), so
 * users' known_hosts entries stay valid across restarts.
 *
 * <p>Gateways made before Ed25519 kept an ECDSA P-256 key in {@code host-key.pem}. ECDSA on a NIST
 * curve is what an audit flags first, and offering it beside Ed25519 would keep it usable by any
 * client that prefers it, so such a key is retired, not offered: it moves to
 * {@code retired/host-key-ecdsa-<UTC time>.pem} (kept, so an operator can still prove which key the
 * node had) and both fingerprints are logged. See docs/security.md, "The SSH gateway".
 */
final class HostKey {
    private static final Logger LOG = LoggerFactory.getLogger(HostKey.class);
    static final String PRIVATE_FILE = "host-key-ed25519.pem";
    static final String PUBLIC_FILE = "host-key-ed25519.pub";
    /** Where gateways before Ed25519 kept their ECDSA key. */
    static final String ECDSA_PRIVATE_FILE = "host-key.pem";
    static final String ECDSA_PUBLIC_FILE = "host-key.pub.pem";
    static final String RETIRED_DIRECTORY = "retired";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private HostKey() {}

    static KeyPair loadOrCreate(Path directory, SecureRandom random) {
        return loadOrCreate(directory, random, Clock.systemUTC());
    }

    static KeyPair loadOrCreate(Path directory, SecureRandom random, Clock clock) {
        KeyFiles.createPrivateDirectory(directory);
        Path privateFile = directory.resolve(PRIVATE_FILE);
        KeyPair keys = Files.isRegularFile(privateFile) ? read(privateFile) : create(directory, random);
        retireEcdsaKey(directory, keys, clock);
        return keys;
    }

    /** The key's SHA-256 fingerprint as OpenSSH prints it ({@code SHA256:...}). */
    static String fingerprint(KeyPair keys) {
        return KeyUtils.getFingerPrint(keys.getPublic());
    }

    private static KeyPair create(Path directory, SecureRandom random) {
        try {
            KeyPairGenerator generator = SecurityUtils.getKeyPairGenerator(SecurityUtils.ED25519);
            generator.initialize(256, random);
            KeyPair keys = generator.generateKeyPair();
            KeyFiles.writePrivateKey(directory.resolve(PRIVATE_FILE), keys.getPrivate());
            KeyFiles.writePublic(directory.resolve(PUBLIC_FILE), PublicKeyEntry.toString(keys.getPublic()) + " planetlab-node\n");
            return keys;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM cannot make Ed25519 keys for the SSH gateway", e);
        }
    }

    /**
     * Reads the private key and derives its public half, both through the provider the SSH
     * library signs with (a key decoded by another provider is not one it can sign with).
     */
    private static KeyPair read(Path privateFile) {
        PrivateKey stored = KeyFiles.readPrivateKey(privateFile);
        try {
            KeyFactory factory = SecurityUtils.getKeyFactory(SecurityUtils.ED25519);
            PrivateKey privateKey = factory.generatePrivate(new PKCS8EncodedKeySpec(stored.getEncoded()));
            PublicKey publicKey = factory.generatePublic(new X509EncodedKeySpec(
                    ((org.bouncycastle.jcajce.interfaces.EdDSAPrivateKey) privateKey).getPublicKey().getEncoded()));
            return new KeyPair(publicKey, privateKey);
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new IllegalStateException("the SSH gateway's host key " + privateFile + " is not an Ed25519 key; move it away"
                    + " and restart to make a new one", e);
        }
    }

    private static void retireEcdsaKey(Path directory, KeyPair current, Clock clock) {
        Path ecdsa = directory.resolve(ECDSA_PRIVATE_FILE);
        if (!Files.isRegularFile(ecdsa)) {
            return;
        }
        Path retired = directory.resolve(RETIRED_DIRECTORY);
        String stamp = STAMP.format(clock.instant());
        String oldFingerprint = fingerprintOf(directory.resolve(ECDSA_PUBLIC_FILE));
        try {
            KeyFiles.createPrivateDirectory(retired);
            Path publicFile = directory.resolve(ECDSA_PUBLIC_FILE);
            if (Files.isRegularFile(publicFile)) {
                Files.move(publicFile, retired.resolve("host-key-ecdsa-" + stamp + ".pub.pem"), StandardCopyOption.ATOMIC_MOVE);
            }
            Files.move(ecdsa, retired.resolve("host-key-ecdsa-" + stamp + ".pem"), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot retire the SSH gateway's ECDSA host key " + ecdsa, e);
        }
        LOG.warn("the SSH gateway's host key is now Ed25519 {}; its ECDSA key {} is no longer offered and was moved to {}:"
                + " users who pinned it see a new key for this node", fingerprint(current), oldFingerprint, retired);
    }

    private static String fingerprintOf(Path publicFile) {
        if (!Files.isRegularFile(publicFile)) {
            return "(public half missing)";
        }
        try {
            return KeyUtils.getFingerPrint(Pem.readPublicKey(KeyFiles.read(publicFile)));
        } catch (RuntimeException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }
}
