package org.planetlab.node.manager;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.planetlab.api.rspec.Rspec;
import org.planetlab.api.rspec.RspecAttribute;
import org.planetlab.node.state.VmPhase;
import org.planetlab.node.state.VmRecord;

/** The table's indexes and CPU guarantee sum follow every VM put, replaced and removed. */
class VmTableTest {
    private final VmTable table = new VmTable();

    private static VmRecord vm(String name, int index, long guarantee, VmPhase phase) {
        Rspec rspec = guarantee == 0 ? Rspec.EMPTY
                : new Rspec(Map.of(RspecAttribute.CPU_GUARANTEE, Long.toString(guarantee)), List.of(), "", "");
        return new VmRecord(name, index, VmRecord.LINUX_CONTAINER, rspec, "rcap-" + name, phase, "plc.scs", Instant.EPOCH);
    }

    @Test
    void theSmallestFreeIndexIsGivenAgainOnceItsVmIsGone() {
        table.putVm(vm("a", 0, 0, VmPhase.RUNNING));
        table.putVm(vm("b", 1, 0, VmPhase.RUNNING));
        table.putVm(vm("c", 2, 0, VmPhase.RUNNING));
        assertThat(table.freeIndex(10)).isEqualTo(3);
        assertThat(table.freeIndex(3)).as("every index below the limit is held").isEqualTo(-1);

        table.putVm(vm("b", 1, 0, VmPhase.DESTROYING));
        assertThat(table.freeIndex(10)).as("a VM being torn down keeps its index").isEqualTo(3);
        table.removeVm("b");
        assertThat(table.freeIndex(10)).isEqualTo(1);
        assertThat(table.vmByIndex(1)).isEmpty();
        assertThat(table.vmByIndex(2)).map(VmRecord::name).contains("c");
    }

    @Test
    void anIndexHeldTwiceStaysHeldUntilBothVmsAreGone() {
        table.putVm(vm("b", 4, 0, VmPhase.RUNNING));
        table.putVm(vm("a", 4, 0, VmPhase.RUNNING));
        assertThat(table.vmByIndex(4)).map(VmRecord::name).as("the first by name, as a scan of the table finds it").contains("a");
        table.removeVm("a");
        assertThat(table.vmByIndex(4)).map(VmRecord::name).contains("b");
        assertThat(table.freeIndex(5)).isEqualTo(0);
        table.putVm(vm("b", 0, 0, VmPhase.RUNNING));
        assertThat(table.vmByIndex(4)).as("b moved to index 0").isEmpty();
        assertThat(table.freeIndex(5)).isEqualTo(1);
    }

    @Test
    void guaranteesCountWhileTheirVmIsNotBeingDestroyed() {
        table.putVm(vm("a", 0, 30, VmPhase.RUNNING));
        table.putVm(vm("b", 1, 50, VmPhase.STOPPED));
        assertThat(table.cpuGuaranteedBesides("new")).isEqualTo(80);
        assertThat(table.cpuGuaranteedBesides("a")).as("a VM's own guarantee is left out when it grows").isEqualTo(50);

        table.putVm(vm("a", 0, 10, VmPhase.RUNNING));
        assertThat(table.cpuGuaranteedBesides("new")).as("a changed guarantee replaces the old one").isEqualTo(60);
        table.putVm(vm("b", 1, 50, VmPhase.DESTROYING));
        assertThat(table.cpuGuaranteedBesides("new")).as("a VM being destroyed gives its guarantee back").isEqualTo(10);
        assertThat(table.cpuGuaranteedBesides("b")).isEqualTo(10);
        table.removeVm("b");
        table.removeVm("a");
        table.removeVm("a");
        assertThat(table.cpuGuaranteedBesides("new")).isZero();
        assertThat(table.vmCount()).isZero();
    }
}
