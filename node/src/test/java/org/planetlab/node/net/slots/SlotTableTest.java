package org.planetlab.node.net.slots;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.planetlab.node.net.SliverNetworkSpec;
import org.planetlab.node.net.shaping.ClassRates;
import org.planetlab.node.net.slots.SlotTable.Attached;
import org.planetlab.node.net.slots.SlotTable.Spare;

class SlotTableTest {
    private final SlotTable table = new SlotTable(8);

    @Test
    void reservesTheLowestNumbersNobodyHolds() {
        ClassRates rates = ClassRates.of(1, 100);
        table.addSpare(0, rates);
        table.putAttached(new Attached(2, new SliverNetworkSpec("s", 0, 1, 100, 100, false), rates, false));
        table.markBusy(List.of(3));

        assertThat(table.reserve(3)).containsExactly(1, 4, 5);
        assertThat(table.reserve(10)).containsExactly(6, 7);
        table.release(List.of(3));
        assertThat(table.reserve(1)).containsExactly(3);
    }

    @Test
    void sparesComeOutInTheOrderTheyWereBuilt() {
        table.addSpare(5, ClassRates.of(1, 100));
        table.addSpare(2, ClassRates.of(1, 200));

        assertThat(table.takeSpare()).contains(new Spare(5, ClassRates.of(1, 100)));
        assertThat(table.spareCount()).isEqualTo(1);
        assertThat(table.takeAllSpares()).containsExactly(2);
        assertThat(table.takeSpare()).isEmpty();
    }
}
