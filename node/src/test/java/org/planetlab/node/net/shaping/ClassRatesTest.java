package org.planetlab.node.net.shaping;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.planetlab.node.net.SliverNetworkSpec;
import org.planetlab.node.net.layout.LeafQueue;

class ClassRatesTest {
    @Test
    void sliverClassFollowsTheRspec() {
        SliverNetworkSpec spec = new SliverNetworkSpec("s", 0, 1_000, 100_000, 1_500, false);

        assertThat(ClassRates.forSliver(spec, false)).isEqualTo(new ClassRates(1_000, 100_000, ClassRates.MIN_QUANTUM));
        assertThat(ClassRates.forSliver(spec, true).ceilKbps()).isEqualTo(1_500);
    }

    @Test
    void ceilingNeverFallsBelowTheGuarantee() {
        SliverNetworkSpec spec = new SliverNetworkSpec("s", 0, 5_000, 100_000, 1_500, false);

        assertThat(ClassRates.forSliver(spec, true).ceilKbps()).isEqualTo(5_000);
        assertThat(ClassRates.of(0, 0)).isEqualTo(new ClassRates(1, 1, ClassRates.MIN_QUANTUM));
    }

    @Test
    void quantumGrowsWithTheRateBetweenItsBounds() {
        assertThat(ClassRates.of(1, 100_000).quantumBytes()).isEqualTo(ClassRates.MIN_QUANTUM);
        assertThat(ClassRates.of(30_000, 50_000).quantumBytes()).isEqualTo(375_000);
        assertThat(ClassRates.of(10_000_000, 10_000_000).quantumBytes()).isEqualTo(ClassRates.MAX_QUANTUM);
        assertThat(ClassRates.of(30_000, 50_000).tcParameters())
                .isEqualTo("rate 30000kbit ceil 50000kbit burst 37500b cburst 62500b quantum 375000");
    }

    @Test
    void fifoLeafHoldsAboutATenthOfASecondAtTheCeiling() {
        assertThat(LeafQueue.BFIFO.tcArguments(100_000)).containsExactly("bfifo", "limit", "1250000");
        assertThat(LeafQueue.BFIFO.tcArguments(500)).containsExactly("bfifo", "limit", String.valueOf(LeafQueue.MIN_FIFO_BYTES));
        assertThat(LeafQueue.parse("fq-codel")).isEqualTo(LeafQueue.FQ_CODEL);
    }
}
