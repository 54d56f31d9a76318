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
 * @param sliceId the id of the slice its binding service gave, 0 if none: the flow audit names
 *     the sliver's traffic by it when {@code boundBy} is PLC's own service
 * @param boundBy the slice whose service bound the sliver; empty if not known
 * @param ports the ports of the node's address reserved for the sliver's slice
 */
public record SliverNetworkSpec(
        String sliverName,
        int sliverIndex,
        long baseRateKbps,
        long burstRateKbps,
        long sustainedRateKbps,
        boolean ownerVm,
        long sliceId,
        String boundBy,
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
        if (sliceId < 0) {
            throw new IllegalArgumentException("sliceId is negative");
        }
        requireNonNull(boundBy, "boundBy is null");
        requireNonNull(ports, "ports is null");
    }

    /** A sliver whose slice and binding service are not known here. */
    public SliverNetworkSpec(String sliverName, int sliverIndex, long baseRateKbps, long burstRateKbps,
            long sustainedRateKbps, boolean ownerVm, PortReservation ports) {
        this(sliverName, sliverIndex, baseRateKbps, burstRateKbps, sustainedRateKbps, ownerVm, 0, "", ports);
    }

    /** A sliver without reserved ports, whose slice and binding service are not known here. */
    public SliverNetworkSpec(String sliverName, int sliverIndex, long baseRateKbps, long burstRateKbps,
            long sustainedRateKbps, boolean ownerVm) {
        this(sliverName, sliverIndex, baseRateKbps, burstRateKbps, sustainedRateKbps, ownerVm, PortReservation.NONE);
    }
}
