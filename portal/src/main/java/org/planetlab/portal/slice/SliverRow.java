package org.planetlab.portal.slice;

import static java.util.Objects.requireNonNull;

import org.planetlab.plc.node.NodeDetails;
import org.planetlab.plc.slice.SliceDetails;

/**
 * A slice's sliver on one node, as its page shows it: the node, the sliver's status as PLC knows
 * it, its state as the node reported it, and the command to log into it.
 *
 * @param status derived from the slice's state, the node's boot state and when the node last
 *     fetched its slivers (a node creates a sliver when it next fetches them)
 * @param report the sliver's state as the node last reported it
 */
public record SliverRow(long nodeId, String hostname, String site, String bootState, String status,
        NodeReport report, String sshCommand) {
    /** A node that has not asked for its slivers for this long is shown as silent. */
    private static final long SILENT_SECONDS = 3600;

    public SliverRow {
        requireNonNull(hostname, "hostname is null");
        requireNonNull(site, "site is null");
        requireNonNull(bootState, "bootState is null");
        requireNonNull(status, "status is null");
        requireNonNull(report, "report is null");
        requireNonNull(sshCommand, "sshCommand is null");
    }

    static SliverRow of(SliceDetails slice, NodeDetails node, String site, NodeReport report, long now) {
        String status;
        if (slice.state().equals("stopped")) {
            status = "stopped";
        } else if (!node.bootState().equals("boot")) {
            status = "node in " + node.bootState() + " state";
        } else if (node.lastContact().isEmpty()) {
            status = "waiting for the node to fetch it";
        } else if (now - node.lastContact().getAsLong() > SILENT_SECONDS) {
            status = "node silent since " + Times.utc(node.lastContact().getAsLong());
        } else {
            status = "running (node checked in " + Times.relative(node.lastContact().getAsLong(), now) + ")";
        }
        // On PlanetLab a sliver's login is the slice's name on the node.
        return new SliverRow(node.nodeId(), node.hostname(), site, node.bootState(), status, report,
                "ssh " + slice.name() + "@" + node.hostname());
    }
}
