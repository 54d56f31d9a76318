package org.planetlab.portal.slice;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.planetlab.plc.sliver.state.SliverState;

/** How a node's report of a sliver reads: fresh, stale, missing, or not for this viewer. */
class NodeReportTest {
    private static final long NOW = 1_800_000_000L;

    @Test
    void aFreshReportSaysTheStateItsReasonSinceWhenAndWhenItCame() {
        NodeReport report = NodeReport.of(state("stopped", "stopped by PLC", OptionalLong.of(NOW - 400),
                OptionalLong.of(NOW - 240)), NOW);
        assertThat(report).isEqualTo(new NodeReport("stopped", "2027-01-15 07:53 UTC", "stopped by PLC",
                "reported 4 minutes ago", false));
    }

    @Test
    void aReportOlderThanThreeIntervalsIsMarkedStaleWithWhenItCame() {
        NodeReport report = NodeReport.of(state("running", "", OptionalLong.of(NOW - 7200),
                OptionalLong.of(NOW - NodeReport.STALE_SECONDS - 60)), NOW);
        assertThat(report.stale()).isTrue();
        assertThat(report.state()).isEqualTo("running");
        assertThat(report.reported()).isEqualTo("report older than 15 minutes: the last came 16 minutes ago"
                + " (2027-01-15 07:44 UTC)");
        // At the limit it is still fresh.
        assertThat(NodeReport.of(state("running", "", OptionalLong.of(NOW - 7200),
                OptionalLong.of(NOW - NodeReport.STALE_SECONDS)), NOW).stale()).isFalse();
    }

    @Test
    void aNodeThatNeverReportedSaysNoReportYet() {
        NodeReport report = NodeReport.of(state(SliverState.UNKNOWN, "the node has not reported its slivers' states yet",
                OptionalLong.empty(), OptionalLong.empty()), NOW);
        assertThat(report).isEqualTo(new NodeReport("unknown", "", "", "no report yet", false));
    }

    @Test
    void whatTheViewerMayNotSeeIsNotShown() {
        assertThat(NodeReport.of(Optional.empty(), NOW).state()).isEqualTo("not shown");
        assertThat(NodeReport.of(Optional.empty(), NOW).reported()).isEmpty();
    }

    private static SliverState state(String state, String reason, OptionalLong since, OptionalLong reported) {
        return new SliverState(7, "node7.test", 11, "site_slice", state, reason, since, reported);
    }
}
