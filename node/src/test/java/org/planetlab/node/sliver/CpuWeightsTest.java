package org.planetlab.node.sliver;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CpuWeightsTest {
    @Test
    void slicesWithoutGuaranteesWeighByShare() {
        Map<String, Long> weights = CpuWeights.compute(Map.of("a", new CpuWeights.Demand(1, 0), "b", new CpuWeights.Demand(3, 0)), 200);
        assertThat(weights).containsEntry("a", 1024L).containsEntry("b", 3072L);
    }

    @Test
    void aGuaranteeBecomesItsFractionOfAllWeight() {
        Map<String, Long> weights = CpuWeights.compute(Map.of(
                "best1", new CpuWeights.Demand(1, 0), "best2", new CpuWeights.Demand(1, 0), "best3", new CpuWeights.Demand(1, 0),
                "guaranteed", new CpuWeights.Demand(1, 50)), 200);
        double total = weights.values().stream().mapToLong(Long::longValue).sum();
        assertThat(weights.get("guaranteed") / total).isCloseTo(0.25, org.assertj.core.data.Offset.offset(0.01));
    }

    @Test
    void withoutGuaranteesAWeightIsWhatTheWholeComputationGives() {
        for (long share : new long[] {0, 1, 3, 300}) {
            CpuWeights.Demand demand = new CpuWeights.Demand(share, 0);
            assertThat(CpuWeights.withoutGuarantees(demand)).as("share " + share)
                    .isEqualTo(CpuWeights.compute(Map.of("one", demand, "other", new CpuWeights.Demand(7, 0)), 200).get("one"));
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> CpuWeights.withoutGuarantees(new CpuWeights.Demand(1, 10)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
