package org.planetlab.plc.peer;

import static java.util.Objects.requireNonNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import org.planetlab.trust.key.KeyAlgorithm;
import org.planetlab.trust.key.KeyFiles;
import org.planetlab.trust.key.Pem;

/**
 * The key this PLC signs its requests to peers with. Kept apart from the authorities' keys so
 * that peering can be re-keyed (UpdatePeer at each peer) without touching what nodes trust: the
 * private half in {@code peer-key.pem} (mode 0600), the public half in {@code peer-key.pub.pem},
 * which operators hand to their peers for AddPeer. Made on first start.
 */
public final class PeerKey {
    private final PrivateKey privateKey;
    private final PublicKey publicKey;

    private PeerKey(PrivateKey privateKey, PublicKey publicKey) {
        this.privateKey = requireNonNull(privateKey, "privateKey is null");
        this.publicKey = requireNonNull(publicKey, "publicKey is null");
    }

    /** Loads the key from {@code directory}, making it first if it is not there. */
    public static PeerKey openOrCreate(Path directory, KeyAlgorithm algorithm, SecureRandom random) {
        Path privateFile = directory.resolve("peer-key.pem");
        Path publicFile = directory.resolve("peer-key.pub.pem");
        if (!Files.exists(privateFile)) {
            KeyPair keys = algorithm.generate(random);
            KeyFiles.writePublic(publicFile, Pem.write(keys.getPublic()));
            KeyFiles.writePrivateKey(privateFile, keys.getPrivate());
        }
        return new PeerKey(KeyFiles.readPrivateKey(privateFile), Pem.readPublicKey(KeyFiles.read(publicFile)));
    }

    PrivateKey privateKey() {
        return privateKey;
    }

    /** The public key, as PEM, for a peer's AddPeer. */
    public String publicKeyPem() {
        return Pem.write(publicKey);
    }
}
