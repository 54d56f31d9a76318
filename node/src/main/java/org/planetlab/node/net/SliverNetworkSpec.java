package org.planetlab.node.net;

import static java.util.Objects.requireNonNull;

/**
 * What one sliver's network should be.
 *
 * @param sliverName the sliver (slice) name, unique on the node
 * @param sliverIndex a small integer the node manager allocates, stable for the sliver's life
 *     and unique among live slivers; it numbers addresses, marks and traffic classes
 * @param baseRateKbps guaranteed outgoing rate
 * @param burstRateKbps most outgoing rate while under the daily budget
 * @param sustainedRateKbps rate after the daily budget ({@code sustained x 24 h}) is spent
 * @param ownerVm true for the site's owner VM ({@code site_admin}), which may watch all traffic
 */
public record SliverNetworkSpec(
        String sliverName,
        int sliverIndex,
        long baseRateKbps,
        long burstRateKbps,
        long sustainedRateKbps,
        boolean ownerVm) {
    public SliverNetworkSpec {
        requireNonNull(sliverName, "sliverName is null");
        if (sliverIndex < 0) {
            throw new IllegalArgumentException("sliverIndex is negative");
        }
        if (baseRateKbps < 0 || burstRateKbps < 0 || sustainedRateKbps < 0) {
            throw new IllegalArgumentException("rates must not be negative");
        }
    }
}
