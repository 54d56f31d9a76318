package org.planetlab.node.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.planetlab.trust.key.KeyAlgorithm;
import org.planetlab.trust.key.KeyFiles;
import org.planetlab.trust.key.Pem;

class HostKeyTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-06T23:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path directory;

    @Test
    void theHostKeyIsEd25519AndTheSameAfterARestart() throws Exception {
        KeyPair first = HostKey.loadOrCreate(directory, RANDOM, CLOCK);
        assertThat(KeyUtils.getKeyType(first)).isEqualTo("ssh-ed25519");
        assertThat(Files.readString(directory.resolve(HostKey.PUBLIC_FILE))).startsWith("ssh-ed25519 AAAA");
        assertThat(Files.getPosixFilePermissions(directory.resolve(HostKey.PRIVATE_FILE))).isEqualTo(KeyFiles.PRIVATE_FILE);

        KeyPair again = HostKey.loadOrCreate(directory, RANDOM, CLOCK);
        assertThat(HostKey.fingerprint(again)).isEqualTo(HostKey.fingerprint(first)).startsWith("SHA256:");
        assertThat(again.getPublic().getEncoded()).isEqualTo(first.getPublic().getEncoded());
    }

    @Test
    void anEcdsaKeyOfAnEarlierGatewayIsRetiredNotOffered() throws Exception {
        KeyPair ecdsa = KeyAlgorithm.EC_P256.generate(RANDOM);
        KeyFiles.createPrivateDirectory(directory);
        KeyFiles.writePrivateKey(directory.resolve(HostKey.ECDSA_PRIVATE_FILE), ecdsa.getPrivate());
        KeyFiles.writePublic(directory.resolve(HostKey.ECDSA_PUBLIC_FILE), Pem.write(ecdsa.getPublic()));

        KeyPair offered = HostKey.loadOrCreate(directory, RANDOM, CLOCK);

        assertThat(KeyUtils.getKeyType(offered)).isEqualTo("ssh-ed25519");
        assertThat(directory.resolve(HostKey.ECDSA_PRIVATE_FILE)).doesNotExist();
        Path retired = directory.resolve(HostKey.RETIRED_DIRECTORY);
        assertThat(retired.resolve("host-key-ecdsa-20261206T230000Z.pem")).exists();
        assertThat(Pem.readPublicKey(Files.readString(retired.resolve("host-key-ecdsa-20261206T230000Z.pub.pem"))))
                .isEqualTo(ecdsa.getPublic());
        assertThat(HostKey.fingerprint(HostKey.loadOrCreate(directory, RANDOM, CLOCK))).isEqualTo(HostKey.fingerprint(offered));
    }
}
