package org.planetlab.node.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.node.net.shaping.MutableClock;
import org.planetlab.trust.cert.Credential;
import org.planetlab.trust.cert.Validity;
import org.planetlab.trust.key.TrustRoot;
import org.planetlab.trust.key.TrustRoots;
import org.planetlab.trust.release.ReleaseMetadata;
import org.planetlab.trust.release.ReleaseSigner;
import org.planetlab.trust.release.TrustedReleaseState;
import org.w3c.dom.Element;

/**
 * The threats of The Update Framework that apply to node releases, each tried against the node's
 * real updater and staging directory: every one must be refused, and must leave the staging
 * directory and the node's trusted state exactly as they were.
 */
class ReleaseAttacksTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-06T12:00:00Z"));
    private final TestReleases publisher = new TestReleases(clock);
    private final FakeReleaseSource mirror = new FakeReleaseSource();
    private final KeyPair oldKey = publisher.newKey();
    private final KeyPair releaseKey = publisher.newKey();
    private final Map<String, byte[]> files2 = TestReleases.files("2");
    private final Map<String, byte[]> files3 = TestReleases.files("3");
    private final Map<String, byte[]> files4 = TestReleases.files("4");
    private ReleaseStaging staging;
    private ReleaseUpdater updater;
    private String oldDelegation;
    private String delegation;
    private ReleaseMetadata release2;

    @TempDir
    Path directory;

    /**
     * The node has taken releases 1 and 2 under the first release key, then the root rotated to
     * a second key, which signed release 3, which the node also took.
     */
    @BeforeEach
    void nodeHasReleaseThreeAfterARotation() {
        staging = new ReleaseStaging(directory.resolve("releases"));
        staging.prepare();
        updater = new ReleaseUpdater(mirror, new org.planetlab.trust.release.ReleaseVerifier(
                TrustRoots.of(new TrustRoot("plc-root", publisher.rootKeys.getPublic())), clock), staging);
        oldDelegation = publisher.delegate(1, oldKey);
        stage(publisher.metadata(oldDelegation, oldKey, 1, TestReleases.files("1")), 1, TestReleases.files("1"));
        release2 = publisher.metadata(oldDelegation, oldKey, 2, files2);
        stage(release2, 2, files2);
        delegation = publisher.delegate(2, releaseKey);
        stage(publisher.metadata(delegation, releaseKey, 3, files3), 3, files3);
        assertThat(staging.trusted()).isEqualTo(new TrustedReleaseState(2, 3, 3));
    }

    @Test
    void everyAttackIsRefusedAndChangesNothing() throws IOException {
        Map<String, Runnable> attacks = new LinkedHashMap<>();
        attacks.put("tampered file (one bit flipped)", () -> {
            Map<String, byte[]> tampered = new LinkedHashMap<>(files4);
            byte[] jar = tampered.get("planetlab-node.jar").clone();
            jar[100] ^= 1;
            tampered.put("planetlab-node.jar", jar);
            mirror.serve(genuine4(), 4, tampered);
        });
        attacks.put("tampered release metadata (a file digest changed)", () -> {
            ReleaseMetadata genuine = genuine4();
            String changed = genuine.releaseXml().replace(TestReleases.sha256(files4.get("sliver-runner")), "0".repeat(64));
            mirror.serve(new ReleaseMetadata(delegation, changed, genuine.timestampXml()), 4, files4);
        });
        attacks.put("tampered timestamp (re-pinned to changed metadata)", () -> {
            ReleaseMetadata genuine = genuine4();
            String changed = genuine.releaseXml().replace("release-4", "release-5");
            String timestamp = genuine.timestampXml().replace(ReleaseSigner.digest(genuine.releaseXml()), ReleaseSigner.digest(changed));
            mirror.serve(new ReleaseMetadata(delegation, changed, timestamp), 4, files4);
        });
        attacks.put("replay: a timestamp older than the last one accepted", () -> {
            String releaseXml = genuine4().releaseXml();
            mirror.serve(new ReleaseMetadata(delegation, releaseXml,
                    publisher.timestamp(releaseKey, releaseXml, 4, publisher.fromNow(Duration.ofDays(1)), 1)), 4, files4);
        });
        attacks.put("rollback: release 2 re-served as it was published", () -> mirror.serve(
                new ReleaseMetadata(delegation, release2.releaseXml(), release2.timestampXml()), 2, files2));
        attacks.put("rollback: release 2 with a fresh timestamp from the release key", () -> {
            ReleaseMetadata older = publisher.metadata(delegation, releaseKey, 2, files2);
            mirror.serve(older, 2, files2);
        });
        attacks.put("freeze: a timestamp past its expiry", () -> {
            String releaseXml = new ReleaseSigner(releaseKey).signRelease(TestReleases.release(4, files4,
                    publisher.fromNow(Duration.ofDays(90))));
            String timestamp = publisher.timestamp(releaseKey, releaseXml, 4, new Validity(
                    publisher.now().minus(Duration.ofHours(3)), publisher.now().minus(Duration.ofHours(1))));
            mirror.serve(new ReleaseMetadata(delegation, releaseXml, timestamp), 4, files4);
        });
        attacks.put("freeze: release metadata past its expiry behind a fresh timestamp", () -> {
            String releaseXml = new ReleaseSigner(releaseKey).signRelease(TestReleases.release(4, files4, new Validity(
                    publisher.now().minus(Duration.ofDays(100)), publisher.now().minus(Duration.ofDays(10)))));
            mirror.serve(new ReleaseMetadata(delegation, releaseXml,
                    publisher.timestamp(releaseKey, releaseXml, 4, publisher.fromNow(Duration.ofDays(1)))), 4, files4);
        });
        attacks.put("freeze: the node's clock is past the timestamp (metadata held back a day)", () -> {
            mirror.serve(genuine4(), 4, files4);
            clock.advance(Duration.ofDays(1).plusMinutes(1));
        });
        attacks.put("mix: release 4's metadata with release 3's timestamp", () -> {
            ReleaseMetadata three = publisher.metadata(delegation, releaseKey, 3, files3);
            mirror.serve(new ReleaseMetadata(delegation, genuine4().releaseXml(), three.timestampXml()), 4, files4);
        });
        attacks.put("mix: a file of release 3 served inside release 4", () -> {
            Map<String, byte[]> mixed = new LinkedHashMap<>(files4);
            mixed.put("sliver-runner", files3.get("sliver-runner"));
            mirror.serve(genuine4(), 4, mixed);
        });
        attacks.put("endless data: a file that never ends", () -> {
            mirror.serve(genuine4(), 4, files4);
            mirror.serveStream(4, "planetlab-node.jar", new EndlessStream());
        });
        attacks.put("endless data: a file with bytes appended", () -> {
            Map<String, byte[]> longer = new LinkedHashMap<>(files4);
            byte[] runner = files4.get("sliver-runner");
            byte[] padded = java.util.Arrays.copyOf(runner, runner.length + 1);
            longer.put("sliver-runner", padded);
            mirror.serve(genuine4(), 4, longer);
        });
        attacks.put("unknown key signs release and timestamp", () -> {
            KeyPair stranger = publisher.newKey();
            mirror.serve(publisher.metadata(delegation, stranger, 4, files4), 4, files4);
        });
        attacks.put("unknown key signs under the release key's id", () -> {
            KeyPair stranger = publisher.newKey();
            ReleaseMetadata genuine = genuine4();
            String forged = TestReleases.resign(genuine.releaseXml(), stranger.getPrivate(), root -> { });
            String timestamp = publisher.timestamp(releaseKey, forged, 4, publisher.fromNow(Duration.ofDays(1)));
            mirror.serve(new ReleaseMetadata(delegation, forged, timestamp), 4, files4);
        });
        attacks.put("delegation signed by a root the node does not trust", () -> {
            KeyPair strangeRoot = publisher.newKey();
            KeyPair stranger = publisher.newKey();
            String foreign = publisher.delegate(3, stranger, Credential.root(strangeRoot), publisher.fromNow(Duration.ofDays(365)));
            mirror.serve(publisher.metadata(foreign, stranger, 4, files4), 4, files4);
        });
        attacks.put("delegation past its expiry", () -> {
            String expired = publisher.delegate(2, releaseKey, publisher.root, new Validity(
                    publisher.now().minus(Duration.ofDays(400)), publisher.now().minus(Duration.ofDays(1))));
            mirror.serve(publisher.metadata(expired, releaseKey, 4, files4), 4, files4);
        });
        attacks.put("rotated-out key with its old delegation", () ->
                mirror.serve(publisher.metadata(oldDelegation, oldKey, 4, files4), 4, files4));
        attacks.put("rotated-out key under the current delegation", () ->
                mirror.serve(publisher.metadata(delegation, oldKey, 4, files4), 4, files4));
        attacks.put("release key signs a file name that climbs out of the staging directory", () -> {
            ReleaseMetadata genuine = genuine4();
            String escaping = TestReleases.resign(genuine.releaseXml(), releaseKey.getPrivate(), root -> {
                Element file = (Element) root.getElementsByTagName("file").item(1);
                file.setAttribute("name", "../../boot/sliver-runner");
            });
            mirror.serve(new ReleaseMetadata(delegation, escaping,
                    publisher.timestamp(releaseKey, escaping, 4, publisher.fromNow(Duration.ofDays(1)))), 4, files4);
        });

        mirror.bytesRead.set(0);
        List<String> refused = new ArrayList<>();
        for (Map.Entry<String, Runnable> attack : attacks.entrySet()) {
            Instant before = clock.instant();
            List<String> listing = listing();
            TrustedReleaseState trusted = staging.trusted();
            attack.getValue().run();
            assertThatThrownBy(updater::update).as(attack.getKey())
                    .isInstanceOfSatisfying(PlanetLabException.class, e -> {
                        assertThat(e.code()).isIn(ErrorCode.VERIFICATION_FAILED, ErrorCode.MALFORMED_REQUEST);
                        System.out.println("refused " + attack.getKey() + ": " + e.getMessage());
                    });
            assertThat(listing()).as(attack.getKey() + " leaves nothing behind").isEqualTo(listing);
            assertThat(staging.trusted()).as(attack.getKey() + " keeps the trusted state").isEqualTo(trusted);
            refused.add(attack.getKey());
            clock.advance(Duration.between(clock.instant(), before));
        }
        assertThat(mirror.bytesRead.get()).as("bytes read of all downloads").isLessThan(1_000_000);
        System.out.println(refused.size() + "/" + attacks.size() + " release attacks refused");
        assertThat(refused).hasSize(attacks.size());

        mirror.serve(genuine4(), 4, files4);
        StagedRelease staged = updater.update().orElseThrow();
        assertThat(Files.readAllBytes(staged.file("planetlab-node.jar"))).isEqualTo(files4.get("planetlab-node.jar"));
        assertThat(staging.trusted().releaseNumber()).isEqualTo(4);
        assertThat(updater.update()).as("the same release again is nothing new").isEmpty();
    }

    @Test
    void anEndlessDownloadIsCutOffJustPastTheDeclaredLength() {
        mirror.serve(genuine4(), 4, files4);
        mirror.serveStream(4, "planetlab-node.jar", new EndlessStream());
        mirror.bytesRead.set(0);
        assertThatThrownBy(updater::update).isInstanceOf(PlanetLabException.class)
                .hasMessageContaining("longer than the " + files4.get("planetlab-node.jar").length + " bytes");
        assertThat(mirror.bytesRead.get()).isEqualTo(files4.get("planetlab-node.jar").length + 1);
    }

    @Test
    void refusalsSayWhatWasWrong() {
        mirror.serve(publisher.metadata(oldDelegation, oldKey, 4, files4), 4, files4);
        assertThatThrownBy(updater::update).hasMessageContaining("sequence 1 is older than sequence 2")
                .hasMessageContaining("rotated out");
        mirror.serve(publisher.metadata(delegation, releaseKey, 2, files2), 2, files2);
        assertThatThrownBy(updater::update).hasMessageContaining("release 2 is older than release 3").hasMessageContaining("rollback");
        Map<String, byte[]> mixed = new LinkedHashMap<>(files4);
        mixed.put("sliver-runner", files3.get("sliver-runner"));
        mirror.serve(genuine4(), 4, mixed);
        assertThatThrownBy(updater::update).hasMessageContaining("release file sliver-runner")
                .hasMessageContaining("another release");
    }

    @Test
    void anInterruptedDownloadIsRemovedAtTheNextStart() throws IOException {
        Path leftover = Files.createDirectories(staging.directory().resolve(".incoming-9"));
        Files.writeString(leftover.resolve("planetlab-node.jar"), "half");
        new ReleaseStaging(staging.directory()).prepare();
        assertThat(leftover).doesNotExist();
        assertThat(staging.releaseDirectory(3)).isDirectory();
    }

    private ReleaseMetadata genuine4() {
        return publisher.metadata(delegation, releaseKey, 4, files4);
    }

    private void stage(ReleaseMetadata metadata, long number, Map<String, byte[]> contents) {
        mirror.serve(metadata, number, contents);
        assertThat(updater.update()).as("release " + number).isPresent();
    }

    private List<String> listing() throws IOException {
        try (Stream<Path> paths = Files.walk(staging.directory())) {
            return paths.map(path -> staging.directory().relativize(path).toString()).sorted().toList();
        }
    }

    /** A download that never ends. */
    private static final class EndlessStream extends InputStream {
        @Override
        public int read() {
            return 'x';
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            java.util.Arrays.fill(buffer, offset, offset + length, (byte) 'x');
            return length;
        }
    }
}
