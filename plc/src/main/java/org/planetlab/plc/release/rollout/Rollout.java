package org.planetlab.plc.release.rollout;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * A rollout as PLC keeps it.
 *
 * @param fromRelease what nodes were offered before it (0 when nothing was published before)
 * @param wave the highest open wave: the nodes of waves 0..wave are offered {@code releaseNumber}
 * @param waveOpened when that wave opened, or when the rollout was last resumed (its gates count from then)
 * @param waves each wave's node ids, in order
 */
public record Rollout(long id, long releaseNumber, long fromRelease, RolloutState state, int wave, long waveOpened,
                      long gateSeconds, Optional<Long> rollbackRelease, String reason, long created, List<List<Long>> waves) {
    public Rollout {
        requireNonNull(state, "state is null");
        requireNonNull(rollbackRelease, "rollbackRelease is null");
        requireNonNull(reason, "reason is null");
        waves = waves.stream().map(List::copyOf).toList();
    }

    /** The nodes offered the release now: those of the open waves. */
    public List<Long> openNodes() {
        return waves.subList(0, Math.min(wave + 1, waves.size())).stream().flatMap(List::stream).toList();
    }

    public boolean lastWave() {
        return wave >= waves.size() - 1;
    }

    /** The release this rollout offers {@code nodeId} now. */
    public long offeredTo(long nodeId) {
        return switch (state) {
            case ROLLED_BACK -> rollbackRelease.orElse(fromRelease);
            case COMPLETED -> releaseNumber;
            case RUNNING, PAUSED -> openNodes().contains(nodeId) ? releaseNumber : fromRelease;
        };
    }
}
