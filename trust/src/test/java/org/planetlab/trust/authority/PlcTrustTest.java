package org.planetlab.trust.authority;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.planetlab.trust.cert.AuthorityRole;
import org.planetlab.trust.cert.ChainVerifier;
import org.planetlab.trust.cert.Credential;
import org.planetlab.trust.key.TrustRoots;
import org.planetlab.trust.node.NodeCertificateIssuer;
import org.planetlab.trust.testing.MutableClock;
import org.planetlab.trust.testing.TestTrust;
import org.planetlab.trust.cert.CertificateSigner;
import org.planetlab.trust.key.KeyAlgorithm;
import org.planetlab.trust.key.Pem;
import org.planetlab.trust.tls.TlsIdentity;

class PlcTrustTest {
    private final SecureRandom random = new SecureRandom();
    private final MutableClock clock = new MutableClock(TestTrust.START);

    @Test
    void firstStartCreatesEverythingAndLaterStartsLoadIt(@TempDir Path parent) throws Exception {
        Path directory = parent.resolve("trust");
        PlcTrust created = PlcTrust.openOrCreate(directory, PlcTrustOptions.DEFAULT, clock, random);
        PlcTrust loaded = PlcTrust.openOrCreate(directory, PlcTrustOptions.DEFAULT, clock, random);

        assertThat(loaded.sliceAuthority().certificate()).isEqualTo(created.sliceAuthority().certificate());
        assertThat(loaded.tlsCaCertificate()).isEqualTo(created.tlsCaCertificate());
        assertThat(mode(directory)).isEqualTo("rwx------");
        for (String privateFile : List.of("root.key", "sa.key", "ma.key", "tls-ca.key", "trust.properties")) {
            assertThat(mode(directory.resolve(privateFile))).as(privateFile).isEqualTo("rw-------");
        }
        assertThat(mode(directory.resolve("sa.cert.xml"))).isEqualTo("rw-r--r--");
        ChainVerifier verifier = new ChainVerifier(TrustRoots.load(directory.resolve("roots")), clock);
        assertThat(verifier.verify(loaded.sliceAuthority().certificate().orElseThrow()).subject().displayName()).isEqualTo("plc.sa");
        assertThat(verifier.verify(loaded.managementAuthority().certificate().orElseThrow()).subject().displayName()).isEqualTo("plc.ma");
    }

    @Test
    void refusesAPrivateKeyReadableByOthers(@TempDir Path parent) throws Exception {
        Path directory = parent.resolve("trust");
        PlcTrust.openOrCreate(directory, PlcTrustOptions.DEFAULT, clock, random);
        Files.setPosixFilePermissions(directory.resolve("sa.key"), PosixFilePermissions.fromString("rw-r-----"));

        assertThatThrownBy(() -> PlcTrust.openOrCreate(directory, PlcTrustOptions.DEFAULT, clock, random))
                .hasMessageContaining("sa.key is accessible by group or others (mode rw-r-----); it must be 0600: run chmod 600");
    }

    @Test
    void rotatingAnAuthorityKeepsTheRootsAndOldNodeCertificatesAreStillIssuedByTheSameRoot(@TempDir Path parent) {
        Path directory = parent.resolve("trust");
        PlcTrust trust = PlcTrust.openOrCreate(directory, PlcTrustOptions.DEFAULT, clock, random);
        TrustRoots rootsBefore = TrustRoots.load(directory.resolve("roots"));
        Credential before = trust.managementAuthority();

        clock.advance(Duration.ofDays(1));
        Credential after = trust.rotate(AuthorityRole.MANAGEMENT);
        var nodeCertificate = new NodeCertificateIssuer(after, new CertificateSigner(clock, random), Duration.ofDays(30))
                .issue(5, "n5.example.org", Pem.write(KeyAlgorithm.EC_P256.generate(random).getPublic()));

        assertThat(after.publicKey()).isNotEqualTo(before.publicKey());
        assertThat(new ChainVerifier(rootsBefore, clock).verify(nodeCertificate).issuers().getFirst().publicKey()).isEqualTo(after.publicKey());
        assertThat(PlcTrust.openOrCreate(directory, PlcTrustOptions.DEFAULT, clock, random).managementAuthority().publicKey())
                .isEqualTo(after.publicKey());
        assertThat(directory.resolve("archive").toFile().list()).contains("ma.20250602T000000Z.key", "ma.20250602T000000Z.cert.xml");
    }

    @Test
    void smallScaleModeMakesAuthorityKeysRootsAndRefusesRotation(@TempDir Path parent) {
        Path directory = parent.resolve("trust");
        PlcTrust trust = PlcTrust.openOrCreate(directory, PlcTrustOptions.DEFAULT.withMode(TrustMode.AUTHORITIES_AS_ROOTS), clock, random);

        assertThat(trust.roots().all()).extracting(root -> root.name()).containsExactly("plc-ma", "plc-sa");
        assertThat(trust.chainVerifier().verify(trust.sliceAuthority().certificate().orElseThrow()).root().name()).isEqualTo("plc-sa");
        assertThat(directory.resolve("root.key")).doesNotExist();
        assertThatThrownBy(() -> trust.rotate(AuthorityRole.SLICE)).hasMessageContaining("cannot rotate the slice authority certificate");
    }

    @Test
    void expiringAuthorityCertificatesAreRenewedOnStart(@TempDir Path parent) {
        Path directory = parent.resolve("trust");
        PlcTrust first = PlcTrust.openOrCreate(directory, PlcTrustOptions.DEFAULT, clock, random);
        clock.advance(Duration.ofDays(340));

        PlcTrust later = PlcTrust.openOrCreate(directory, PlcTrustOptions.DEFAULT, clock, random);

        assertThat(later.sliceAuthority().publicKey()).isEqualTo(first.sliceAuthority().publicKey());
        assertThat(later.sliceAuthority().certificate().orElseThrow().validity().notAfter()).isAfter(clock.instant().plus(Duration.ofDays(300)));
    }

    @Test
    void serverIdentityIsKeptAndReissuedWhenNamesChange(@TempDir Path parent) {
        PlcTrust trust = PlcTrust.openOrCreate(parent.resolve("trust"), PlcTrustOptions.DEFAULT, clock, random);

        TlsIdentity first = trust.serverIdentity(List.of("plc.example.org", "127.0.0.1"), Duration.ofDays(365));
        TlsIdentity again = trust.serverIdentity(List.of("127.0.0.1"), Duration.ofDays(365));
        TlsIdentity other = trust.serverIdentity(List.of("boot.example.org"), Duration.ofDays(365));

        assertThat(again.certificate()).isEqualTo(first.certificate());
        assertThat(other.certificate()).isNotEqualTo(first.certificate());
    }

    @Test
    void refusesANonEmptyDirectoryWithoutProperties(@TempDir Path directory) throws Exception {
        Files.writeString(directory.resolve("stray"), "x");

        assertThatThrownBy(() -> PlcTrust.openOrCreate(directory, PlcTrustOptions.DEFAULT, clock, random))
                .hasMessageContaining("is not empty but has no trust.properties");
    }

    private static String mode(Path path) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }
}
