package org.planetlab.node.net;

import static java.util.Objects.requireNonNull;

import java.util.regex.Pattern;

/**
 * What one sliver's network should be.
 *
 * @param sliverName the sliver (slice) name, unique on the node: 1-64 of letters, digits, '_',
 *     '.', '-', starting with a letter or digit
 * @param sliverIndex a small integer the node manager allocates, stable for the sliver's life
 *     and unique among live slivers. {@link org.planetlab.node.net.slots.LinuxSliverNetwork} numbers its own slots (it builds
 *     them before it knows their sliver) and does not depend on it
 * @param baseRateKbps guaranteed outgoing rate (RSpec {@code base_rate}); also the sliver's weight
 *     when slivers share what is left of the node's rate
 * @param burstRateKbps most outgoing rate while under the daily budget ({@code burst_rate})
 * @param sustainedRateKbps rate after the daily budget ({@code sustained x 24 h}) is spent
 * @param ownerVm true for the site's owner VM ({@code site_admin}), which may watch all traffic
 * @param ports the ports of the node's address reserved for the sliver's slice
 */
public record SliverNetworkSpec(
        String sliverName,
        int sliverIndex,
        long baseRateKbps,
        long burstRateKbps,
        long sustainedRateKbps,
        boolean ownerVm,
        PortReservation ports) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

    public SliverNetworkSpec {
        requireNonNull(sliverName, "sliverName is null");
        if (!NAME.matcher(sliverName).matches()) {
            throw new IllegalArgumentException("sliver name '" + sliverName
                    + "' must be 1-64 of letters, digits, '_', '.', '-', starting with a letter or digit");
        }
        if (sliverIndex < 0) {
            throw new IllegalArgumentException("sliverIndex is negative");
        }
        if (baseRateKbps < 0 || burstRateKbps < 0 || sustainedRateKbps < 0) {
            throw new IllegalArgumentException("rates must not be negative");
        }
        requireNonNull(ports, "ports is null");
    }

    /** A sliver without reserved ports. */
    public SliverNetworkSpec(String sliverName, int sliverIndex, long baseRateKbps, long burstRateKbps,
            long sustainedRateKbps, boolean ownerVm) {
        this(sliverName, sliverIndex, baseRateKbps, burstRateKbps, sustainedRateKbps, ownerVm, PortReservation.NONE);
    }
}
