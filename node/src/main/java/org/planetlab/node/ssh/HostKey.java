package org.planetlab.node.ssh;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.planetlab.trust.key.KeyAlgorithm;
import org.planetlab.trust.key.KeyFiles;
import org.planetlab.trust.key.Pem;

/**
 * The gateway's host key: ECDSA P-256, made once per node and kept in the state directory
 * (mode 0600, PKCS#8 PEM next to its public half), so users' known_hosts entries stay valid
 * across restarts.
 */
final class HostKey {
    private HostKey() {}

    static KeyPair loadOrCreate(Path directory, SecureRandom random) {
        KeyFiles.createPrivateDirectory(directory);
        Path privateFile = directory.resolve("host-key.pem");
        Path publicFile = directory.resolve("host-key.pub.pem");
        if (Files.isRegularFile(privateFile) && Files.isRegularFile(publicFile)) {
            PrivateKey privateKey = KeyFiles.readPrivateKey(privateFile);
            PublicKey publicKey = Pem.readPublicKey(KeyFiles.read(publicFile));
            if (privateKey instanceof ECPrivateKey) {
                return new KeyPair(publicKey, privateKey);
            }
        }
        KeyPair keys = KeyAlgorithm.EC_P256.generate(random);
        KeyFiles.writePrivateKey(privateFile, keys.getPrivate());
        KeyFiles.writePublic(publicFile, Pem.write(keys.getPublic()));
        return keys;
    }

    /** The host key as a known_hosts line would show it, e.g. for {@code ssh-keyscan} comparisons. */
    static String fingerprint(KeyPair keys) {
        return KeyUtils.getFingerPrint(keys.getPublic());
    }
}
