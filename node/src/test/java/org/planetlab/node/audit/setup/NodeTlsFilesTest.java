package org.planetlab.node.audit.setup;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.Security;
import java.security.interfaces.ECPrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.planetlab.node.boot.BootFiles;
import org.planetlab.trust.key.KeyAlgorithm;
import org.planetlab.trust.tls.TlsCertificateAuthority;
import org.planetlab.trust.tls.TlsIdentity;

/**
 * The node's TLS files as the audit page's HTTPS listener gets them, in an agent where
 * BouncyCastle is a registered provider (the SSH gateway registers it): the EC key must be one
 * JSSE will present, or every handshake fails with "no available authentication scheme".
 */
class NodeTlsFilesTest {
    @TempDir
    Path directory;

    @Test
    void anEcKeyReadWithBouncyCastleRegisteredIsOneJssePresents() {
        SecureRandom random = new SecureRandom();
        TlsCertificateAuthority ca = TlsCertificateAuthority.create("PLC CA", KeyAlgorithm.EC_P256, Duration.ofDays(30),
                Clock.systemUTC(), random);
        TlsIdentity issued = ca.issueServerIdentity(List.of("10.0.0.1"), Duration.ofDays(1), KeyAlgorithm.EC_P256);
        BootFiles files = new BootFiles(directory);
        files.saveTls(issued.privateKey(), issued.chain());
        boolean added = Security.getProvider(BouncyCastleProvider.PROVIDER_NAME) == null;
        if (added) {
            Security.addProvider(new BouncyCastleProvider());
        }
        try {
            TlsIdentity read = new NodeTlsFiles(files).get().orElseThrow();
            // JSSE requires both halves to name their algorithm as it does ("EC").
            assertThat(read.privateKey().getAlgorithm()).isEqualTo("EC");
            assertThat(read.certificate().getPublicKey().getAlgorithm()).isEqualTo("EC");
            assertThat(((ECPrivateKey) read.privateKey()).getS()).as("the same key")
                    .isEqualTo(((ECPrivateKey) issued.privateKey()).getS());
        } finally {
            if (added) {
                Security.removeProvider(BouncyCastleProvider.PROVIDER_NAME);
            }
        }
    }
}
