package org.planetlab.node.net.shaping;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import org.planetlab.node.net.SliverNetworkSpec;

/** What the {@link BandwidthMonitor} reads and changes in the shaper. */
public interface ShapedTraffic {
    /** Every attached sliver with the bytes its traffic class has sent out of the node. */
    Map<String, ShapedSliver> shapedSlivers();

    /**
     * Cuts a sliver's ceiling to its sustained rate ({@code true}) or gives its burst rate back
     * ({@code false}); does nothing for a sliver that is not attached.
     */
    void limitToSustained(String sliverName, boolean limited);

    /**
     * One sliver as the shaper sees it.
     *
     * @param spec its rates
     * @param bytesSent bytes its class has sent since the class was made (link-layer headers
     *     included); the counter starts again at zero if the class is made again
     * @param limitedToSustained whether its ceiling is cut to the sustained rate now
     */
    record ShapedSliver(SliverNetworkSpec spec, long bytesSent, boolean limitedToSustained) {
        public ShapedSliver {
            requireNonNull(spec, "spec is null");
        }
    }
}
