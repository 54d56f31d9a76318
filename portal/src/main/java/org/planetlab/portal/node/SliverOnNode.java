package org.planetlab.portal.node;

import static java.util.Objects.requireNonNull;

import org.planetlab.portal.slice.NodeReport;
import org.planetlab.portal.slice.SliceRow;

/**
 * A slice with a sliver on a node, as the node's page lists it: the slice at PLC (its state and
 * expiry) beside the sliver's state as the node reported it.
 */
public record SliverOnNode(SliceRow slice, NodeReport report) {
    public SliverOnNode {
        requireNonNull(slice, "slice is null");
        requireNonNull(report, "report is null");
    }
}
