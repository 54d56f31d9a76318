package org.planetlab.portal.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.planetlab.plc.release.rollout.Rollout;
import org.planetlab.plc.release.rollout.RolloutState;

/** The glance's line for a rollout: the open wave counted from 1, the nodes offered the release of all it covers. */
class RolloutRowTest {
    private static final List<List<Long>> WAVES = List.of(List.of(1L), List.of(2L, 3L), List.of(4L, 5L, 6L));

    @Test
    void aRunningRolloutSaysItsWaveAndHowManyNodesAreOfferedTheRelease() {
        RolloutRow row = RolloutRow.of(new Rollout(7, 3, 2, RolloutState.RUNNING, 1, 1_800_000_000L, 1_800,
                Optional.empty(), "", 1_799_990_000L, WAVES));
        assertThat(row).isEqualTo(new RolloutRow(7, 3, 2, "running", "2 of 3", "3 of 6", "2027-01-15 08:00 UTC", ""));
    }

    @Test
    void aRolledBackRolloutSaysSoWithItsReason() {
        RolloutRow row = RolloutRow.of(new Rollout(8, 4, 3, RolloutState.ROLLED_BACK, 0, 1_800_000_000L, 1_800,
                Optional.of(3L), "node n1 reported release 4 unhealthy", 1_799_990_000L, WAVES));
        assertThat(row.state()).isEqualTo("rolled back");
        assertThat(row.wave()).isEqualTo("1 of 3");
        assertThat(row.offered()).isEqualTo("1 of 6");
        assertThat(row.reason()).isEqualTo("node n1 reported release 4 unhealthy");
    }
}
