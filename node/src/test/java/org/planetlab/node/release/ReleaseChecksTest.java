package org.planetlab.node.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.planetlab.node.net.shaping.MutableClock;
import org.planetlab.trust.key.TrustRoot;
import org.planetlab.trust.key.TrustRoots;
import org.planetlab.trust.release.ReleaseMetadata;
import org.planetlab.trust.release.ReleaseVerifier;

/** A check that is refused only logs and leaves the staging directory alone; a scheduled check stages the release. */
class ReleaseChecksTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-06T12:00:00Z"));
    private final TestReleases publisher = new TestReleases(clock);
    private final FakeReleaseSource mirror = new FakeReleaseSource();

    @TempDir
    Path directory;

    @Test
    void refusedChecksChangeNothingAndScheduledChecksStage() {
        ReleaseStaging staging = new ReleaseStaging(directory.resolve("releases"));
        staging.prepare();
        ReleaseUpdater updater = new ReleaseUpdater(mirror, new ReleaseVerifier(
                TrustRoots.of(new TrustRoot("plc-root", publisher.rootKeys.getPublic())), clock), staging);
        var key = publisher.newKey();
        ReleaseMetadata genuine = publisher.metadata(publisher.delegate(1, key), key, 1, TestReleases.files("1"));
        mirror.serve(new ReleaseMetadata(genuine.delegationXml(), genuine.releaseXml().replace("release-1", "release-X"),
                genuine.timestampXml()), 1, TestReleases.files("1"));
        ReleaseChecks checks = new ReleaseChecks(updater, new ReleaseCheckSchedule(Duration.ofSeconds(1), Duration.ZERO),
                new SplittableRandom(1));
        checks.check();
        assertThat(staging.trusted().releaseNumber()).isZero();
        assertThat(staging.releaseDirectory(1)).doesNotExist();

        mirror.serve(genuine, 1, TestReleases.files("1"));
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
        try {
            checks.start(executor);
            await().atMost(Duration.ofSeconds(20)).until(() -> staging.trusted().releaseNumber() == 1);
        } finally {
            executor.shutdownNow();
        }
        assertThat(staging.trusted().releaseNumber()).isEqualTo(1);
        assertThat(staging.releaseDirectory(1).resolve("planetlab-node.jar")).exists();
    }
}
