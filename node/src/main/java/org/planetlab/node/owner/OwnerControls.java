package org.planetlab.node.owner;

import java.time.Duration;
import java.util.List;

/** The node-level levers only the site (owner VM or host root) may pull. */
public interface OwnerControls {
    /** Sets the node's outgoing bandwidth cap. */
    void setNodeRate(long kilobitsPerSecond);

    /**
     * Captures up to {@code packets} packets of one sliver's traffic, for at most {@code within},
     * and returns them one line each, as {@code tcpdump -nn} prints them.
     */
    List<String> captureTraffic(String sliver, int packets, Duration within);
}
