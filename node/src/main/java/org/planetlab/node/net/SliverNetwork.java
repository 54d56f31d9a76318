package org.planetlab.node.net;

import java.util.Collection;
import java.util.Map;

/**
 * The network side of slivers on one node: each sliver gets its own network namespace joined to
 * the node by a veth pair, its traffic leaves with the node's address, shaped by an HTB class
 * under the node's rate cap and filtered against spoofing, probe floods and destinations the
 * site blocks. All operations are idempotent so the agent can replay them after a crash.
 */
public interface SliverNetwork extends AutoCloseable {
    /** Creates the node-level objects (root qdisc, filter tables, forwarding); idempotent. */
    void start();

    /**
     * Creates (or completes) the network of one sliver and returns where it lives.
     *
     * @throws org.planetlab.api.error.PlanetLabException with {@code QUOTA_EXCEEDED} if the
     *     sliver's guaranteed rate does not fit under the node's rate next to the others'
     */
    SliverNetworkHandle attach(SliverNetworkSpec spec);

    /** Changes the rates of an attached sliver. */
    void update(SliverNetworkSpec spec);

    /** Removes everything of one sliver's network; does nothing if there is nothing. */
    void detach(String sliverName);

    /**
     * Makes the kernel match {@code desired}: removes every network object of slivers not in it
     * (left behind by a crash) and completes the missing parts of those in it.
     */
    void reconcile(Collection<SliverNetworkSpec> desired);

    /** Bytes and packets each attached sliver has sent and received, by sliver name. */
    Map<String, TrafficCounters> counters();

    /** Sets the node's outgoing rate cap, the site's choice. */
    void setNodeRate(long kilobitsPerSecond);

    /** Removes the node-level objects; slivers must have been detached first. */
    @Override
    void close();
}
