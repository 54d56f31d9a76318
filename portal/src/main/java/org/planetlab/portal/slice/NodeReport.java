package org.planetlab.portal.slice;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import org.planetlab.api.sliver.SliverStateApi;
import org.planetlab.plc.sliver.state.SliverState;

/**
 * A sliver's state as its node last reported it (GetSliverStates), as the portal shows it beside
 * PLC's own state of the slice.
 *
 * @param state building, failed, running, stopped, unknown (the node has not reported the sliver),
 *     or "not shown" to someone who may not see it
 * @param since since when, by the node's clock; empty if not known
 * @param reason the node's reason, or why the state is unknown; empty if none
 * @param reported when the node's report arrived, "no report yet", or "report older than ..."
 * @param stale true if the node has sent no report for longer than {@link #STALE_SECONDS}
 */
public record NodeReport(String state, String since, String reason, String reported, boolean stale) {
    /**
     * A report older than three of the nodes' report intervals is stale: a node reports at least
     * once per interval even when nothing changed, so it has missed at least two.
     */
    public static final long STALE_SECONDS = 3L * SliverStateApi.DEFAULT_INTERVAL_SECONDS;

    private static final NodeReport HIDDEN = new NodeReport("not shown", "",
            "only the slice's users, its site's PIs and operators see its slivers' states", "", false);

    public NodeReport {
        requireNonNull(state, "state is null");
        requireNonNull(since, "since is null");
        requireNonNull(reason, "reason is null");
        requireNonNull(reported, "reported is null");
    }

    /** The node's report, or {@link #hidden()} when the viewer may not see it. */
    public static NodeReport of(Optional<SliverState> sliver, long now) {
        return sliver.map(each -> of(each, now)).orElse(HIDDEN);
    }

    public static NodeReport of(SliverState sliver, long now) {
        String since = sliver.since().isPresent() ? Times.utc(sliver.since().getAsLong()) : "";
        if (sliver.reported().isEmpty()) {
            return new NodeReport(sliver.state(), since, "", "no report yet", false);
        }
        long reported = sliver.reported().getAsLong();
        if (now - reported > STALE_SECONDS) {
            return new NodeReport(sliver.state(), since, sliver.reason(), "report older than "
                    + STALE_SECONDS / 60 + " minutes: the last came " + Times.relative(reported, now) + " ("
                    + Times.utc(reported) + ")", true);
        }
        return new NodeReport(sliver.state(), since, sliver.reason(), "reported " + Times.relative(reported, now),
                false);
    }

    /** For someone who may not see the slice's sliver states. */
    public static NodeReport hidden() {
        return HIDDEN;
    }
}
