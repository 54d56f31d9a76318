package org.planetlab.node.net.shaping;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;

/**
 * The seed's admission rule for bandwidth guarantees: the rates of all classes under the node's
 * root (every sliver's guarantee plus what the node keeps for itself) may not add up to more than
 * the root's rate, or no guarantee would hold.
 *
 * @param nodeRateKbps the root's rate, the node's cap
 * @param nodeKeptKbps rate held for the node: its own traffic's class plus the ready spare slots'
 * @param guarantees each attached sliver's guaranteed rate, by name
 */
public record AdmissionControl(long nodeRateKbps, long nodeKeptKbps, Map<String, Long> guarantees) {
    public AdmissionControl {
        guarantees = Map.copyOf(requireNonNull(guarantees, "guarantees is null"));
    }

    /**
     * Checks that {@code sliverName} may be guaranteed {@code requestedKbps}, replacing whatever
     * it had.
     *
     * @throws PlanetLabException with {@code QUOTA_EXCEEDED} naming the numbers
     */
    public void admit(String sliverName, long requestedKbps) {
        long others = 0;
        int otherCount = 0;
        for (Map.Entry<String, Long> entry : guarantees.entrySet()) {
            if (!entry.getKey().equals(sliverName)) {
                others += entry.getValue();
                otherCount++;
            }
        }
        long left = nodeRateKbps - nodeKeptKbps - others;
        if (requestedKbps > left) {
            throw new PlanetLabException(ErrorCode.QUOTA_EXCEEDED, ("sliver %s asks for a guaranteed outgoing rate of"
                    + " %d kbit/s but only %d kbit/s of the node's %d kbit/s is left (%d kbit/s guaranteed to %d other"
                    + " slivers, %d kbit/s kept for the node); lower its base_rate or raise the node's rate")
                    .formatted(sliverName, requestedKbps, Math.max(0, left), nodeRateKbps, others, otherCount, nodeKeptKbps));
        }
    }

    /**
     * Checks that the node's cap may become {@code newRateKbps} without breaking a guarantee.
     *
     * @throws PlanetLabException with {@code QUOTA_EXCEEDED} naming the numbers
     */
    public void admitNodeRate(long newRateKbps) {
        long guaranteed = guarantees.values().stream().mapToLong(Long::longValue).sum();
        if (newRateKbps < guaranteed + nodeKeptKbps) {
            throw new PlanetLabException(ErrorCode.QUOTA_EXCEEDED, ("the node's rate cannot be %d kbit/s: %d kbit/s is"
                    + " guaranteed to %d slivers and %d kbit/s kept for the node, %d kbit/s in all; lower the slivers'"
                    + " base_rate first").formatted(newRateKbps, guaranteed, guarantees.size(), nodeKeptKbps,
                    guaranteed + nodeKeptKbps));
        }
    }
}
