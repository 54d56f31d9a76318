package org.planetlab.trust.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.trust.cert.Validity;
import org.planetlab.trust.key.KeyAlgorithm;
import org.planetlab.trust.testing.TestTrust;

class ReleaseKeyringTest {
    private final TestTrust trust = new TestTrust();
    private final AtomicInteger rootUses = new AtomicInteger();

    @TempDir
    Path directory;

    @Test
    void createsTheKeyOnceAndSignsWhatNodesAccept() throws Exception {
        ReleaseKeyring keyring = open();
        assertThat(keyring.delegation().sequence()).isEqualTo(1);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(directory.resolve("release.key")))).isEqualTo("rw-------");
        ReleaseKeyring again = open();
        assertThat(again.delegation().keyId()).isEqualTo(keyring.delegation().keyId());
        assertThat(rootUses).as("the root signs only the first delegation").hasValue(1);

        VerifiedRelease verified = verifier().verify(publish(again, 1), TrustedReleaseState.NONE);
        assertThat(verified.release().number()).isEqualTo(1);
        assertThat(verified.state()).isEqualTo(new TrustedReleaseState(1, 1, 1));
    }

    @Test
    void rotationIsAcceptedAndTheOldKeyRefusedAfterIt() {
        ReleaseKeyring keyring = open();
        ReleaseMetadata beforeRotation = publish(keyring, 1);
        ReleaseDelegation rotated = keyring.rotate();
        assertThat(rotated.sequence()).isEqualTo(2);
        assertThat(open().delegation().keyId()).as("the rotated key is what a restart loads").isEqualTo(rotated.keyId());
        VerifiedRelease after = verifier().verify(publish(keyring, 2), new TrustedReleaseState(1, 1, 1));
        assertThat(after.delegation().sequence()).isEqualTo(2);
        assertThatThrownBy(() -> verifier().verify(beforeRotation, after.state())).isInstanceOf(PlanetLabException.class)
                .hasMessageContaining("rotated out");
        try (var archived = Files.list(directory.resolve("archive"))) {
            assertThat(archived.map(path -> path.getFileName().toString()).sorted().toList()).hasSize(2)
                    .allMatch(name -> name.startsWith("delegation-1."));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void aDelegationNearItsEndIsRenewedWithTheNextSequence() {
        ReleaseKeyring keyring = open();
        trust.clock.advance(Duration.ofDays(340));
        ReleaseKeyring renewed = open();
        assertThat(renewed.delegation().sequence()).isEqualTo(2);
        assertThat(renewed.delegation().keyId()).isEqualTo(keyring.delegation().keyId());
    }

    @Test
    void onlyARootSignsDelegations() {
        ReleaseDelegation delegation = new ReleaseDelegation(1, KeyAlgorithm.EC_P256.generate(trust.random).getPublic(),
                Validity.starting(trust.clock.instant(), Duration.ofDays(90)));
        assertThatThrownBy(() -> ReleaseSigner.signDelegation(delegation, trust.managementAuthority))
                .hasMessageContaining("signed by a trust root's own key");
    }

    private ReleaseKeyring open() {
        return ReleaseKeyring.openOrCreate(directory, () -> {
            rootUses.incrementAndGet();
            return trust.root;
        }, KeyAlgorithm.EC_P256, Duration.ofDays(365), trust.clock, trust.random);
    }

    private ReleaseVerifier verifier() {
        return new ReleaseVerifier(trust.roots, trust.clock);
    }

    private ReleaseMetadata publish(ReleaseKeyring keyring, long number) {
        ReleaseSigner signer = keyring.signer();
        String release = signer.signRelease(new Release(number, "test-" + number,
                List.of(new ReleaseFile("planetlab-node.jar", 3, "0".repeat(64))), Validity.starting(trust.clock.instant(), Duration.ofDays(90))));
        String timestamp = signer.signTimestamp(new ReleaseTimestamp(number, number, ReleaseSigner.digest(release),
                release.getBytes(java.nio.charset.StandardCharsets.UTF_8).length, Validity.starting(trust.clock.instant(), Duration.ofDays(1))));
        return new ReleaseMetadata(keyring.delegationXml(), release, timestamp);
    }
}
