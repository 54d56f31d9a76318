package org.planetlab.portal.console;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.planetlab.plc.release.rollout.Rollout;
import org.planetlab.portal.slice.Times;

/**
 * A rollout of a node release as the console's glance shows it: which release, where it stands,
 * how far its waves have gone, and when its last wave opened (or it was resumed).
 *
 * @param wave "2 of 3": the highest open wave, counted from 1
 * @param offered how many nodes are offered the release now, of how many the rollout covers
 */
public record RolloutRow(long id, long release, long fromRelease, String state, String wave, String offered,
        String since, String reason) {
    public RolloutRow {
        requireNonNull(state, "state is null");
        requireNonNull(wave, "wave is null");
        requireNonNull(offered, "offered is null");
        requireNonNull(since, "since is null");
        requireNonNull(reason, "reason is null");
    }

    static RolloutRow of(Rollout rollout) {
        long covered = rollout.waves().stream().mapToLong(List::size).sum();
        int waves = rollout.waves().size();
        return new RolloutRow(rollout.id(), rollout.releaseNumber(), rollout.fromRelease(),
                rollout.state().wireName().replace('_', ' '),
                Math.min(rollout.wave() + 1, waves) + " of " + waves,
                rollout.openNodes().size() + " of " + covered,
                Times.utc(rollout.waveOpened()), rollout.reason());
    }
}
