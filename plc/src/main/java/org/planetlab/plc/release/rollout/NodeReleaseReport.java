package org.planetlab.plc.release.rollout;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * What a node says of its software (ReportNodeRelease).
 *
 * @param releaseNumber the release its agent runs (0: none installed)
 * @param failedRelease a release it installed, whose agent failed its health check, and left
 */
public record NodeReleaseReport(long releaseNumber, boolean healthy, boolean sliversConverged, Optional<Long> failedRelease,
                                String message) {
    public NodeReleaseReport {
        requireNonNull(failedRelease, "failedRelease is null");
        requireNonNull(message, "message is null");
    }
}
