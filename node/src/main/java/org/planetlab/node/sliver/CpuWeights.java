package org.planetlab.node.sliver;

import java.util.HashMap;
import java.util.Map;

/**
 * Turns cpu_share and cpu_guarantee into CFS weights. Slivers without a guarantee weigh
 * {@code 1024 x cpu_share}. A sliver guaranteed g percent of one CPU on a node of C percent gets
 * the weight that makes its fraction of all weights g / C, so under full contention the
 * scheduler gives it its guarantee; admission keeps the guarantees' sum below C.
 */
public final class CpuWeights {
    public static final long WEIGHT_PER_SHARE = 1024;
    private static final long MIN_WEIGHT = 2;
    private static final long MAX_WEIGHT = 262_144;

    private CpuWeights() {}

    /** One sliver's demand. */
    public record Demand(long share, long guaranteePercent) {}

    /**
     * The weight of a sliver without a guarantee on a node where no sliver has one: what {@link
     * #compute} gives it, found without looking at the others (their weights do not change).
     */
    public static long withoutGuarantees(Demand demand) {
        if (demand.guaranteePercent() != 0) {
            throw new IllegalArgumentException("the demand has a guarantee");
        }
        return Math.min(MAX_WEIGHT, Math.max(MIN_WEIGHT, demand.share() * WEIGHT_PER_SHARE));
    }

    public static Map<String, Long> compute(Map<String, Demand> demands, long capacityPercent) {
        long bestEffort = 0;
        long guaranteed = 0;
        for (Demand demand : demands.values()) {
            if (demand.guaranteePercent() == 0) {
                bestEffort += Math.max(MIN_WEIGHT, demand.share() * WEIGHT_PER_SHARE);
            } else {
                guaranteed += demand.guaranteePercent();
            }
        }
        double guaranteedFraction = Math.min(0.95, (double) guaranteed / capacityPercent);
        double base = Math.max(bestEffort, WEIGHT_PER_SHARE) / (1 - guaranteedFraction);
        Map<String, Long> weights = new HashMap<>();
        demands.forEach((name, demand) -> {
            long shareWeight = Math.max(MIN_WEIGHT, demand.share() * WEIGHT_PER_SHARE);
            long weight = demand.guaranteePercent() == 0 ? shareWeight
                    : Math.max(shareWeight, Math.round(base * demand.guaranteePercent() / capacityPercent));
            weights.put(name, Math.min(MAX_WEIGHT, weight));
        });
        return weights;
    }
}
