package org.planetlab.plc.release.rollout;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * What a node says of its software (ReportNodeRelease).
 *
 * @param releaseNumber the release its agent runs (0: none installed)
 * @param failedRelease a release it installed, whose agent failed its health check, and left
 * @param agentExitStatus the status of an agent of {@code releaseNumber} that exited by itself (a
 *     crash) since the last report, which the boot manager started again
 */
public record NodeReleaseReport(long releaseNumber, boolean healthy, boolean sliversConverged, Optional<Long> failedRelease,
                                Optional<Integer> agentExitStatus, String message) {
    public NodeReleaseReport {
        requireNonNull(failedRelease, "failedRelease is null");
        requireNonNull(agentExitStatus, "agentExitStatus is null");
        requireNonNull(message, "message is null");
    }
}
