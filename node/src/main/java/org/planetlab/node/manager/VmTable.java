package org.planetlab.node.manager;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.planetlab.api.rspec.RspecAttribute;
import org.planetlab.node.state.PoolRecord;
import org.planetlab.node.state.VmPhase;
import org.planetlab.node.state.VmRecord;

/**
 * The in-memory copy of the durable table, with pools found by the digest of their rcap. What a
 * create asks of every VM (the indexes in use, the CPU guarantees' sum) is kept up to date as VMs
 * come and go, so a create costs the same with 1,000 VMs as with none.
 */
final class VmTable {
    private final Map<String, PoolRecord> poolsByDigest = new HashMap<>();
    private final Map<String, VmRecord> vmsByName = new TreeMap<>();
    private final Map<String, String> vmNamesByDigest = new HashMap<>();
    /** The VMs holding each index (one, unless a damaged table gave two VMs the same), in name order. */
    private final Map<Integer, TreeSet<String>> namesByIndex = new HashMap<>();
    private final BitSet usedIndexes = new BitSet();
    /** The CPU guarantees of every VM not being destroyed, in percent of one CPU. */
    private long cpuGuaranteed;

    void putPool(PoolRecord pool) {
        poolsByDigest.put(Rcaps.digest(pool.rcap()), pool);
    }

    void removePool(String rcap) {
        poolsByDigest.remove(Rcaps.digest(rcap));
    }

    Optional<PoolRecord> pool(String rcap) {
        return Optional.ofNullable(poolsByDigest.get(Rcaps.digest(rcap))).filter(pool -> Rcaps.matches(rcap, pool.rcap()));
    }

    Collection<PoolRecord> pools() {
        return List.copyOf(poolsByDigest.values());
    }

    void putVm(VmRecord vm) {
        VmRecord previous = vmsByName.put(vm.name(), vm);
        if (previous != null) {
            vmNamesByDigest.remove(Rcaps.digest(previous.rcap()));
            forget(previous);
        }
        vmNamesByDigest.put(Rcaps.digest(vm.rcap()), vm.name());
        namesByIndex.computeIfAbsent(vm.index(), ignored -> new TreeSet<>()).add(vm.name());
        usedIndexes.set(vm.index());
        cpuGuaranteed += guarantee(vm);
    }

    void removeVm(String name) {
        VmRecord removed = vmsByName.remove(name);
        if (removed != null) {
            vmNamesByDigest.remove(Rcaps.digest(removed.rcap()));
            forget(removed);
        }
    }

    /** Takes a VM that left the table out of the index and guarantee bookkeeping. */
    private void forget(VmRecord vm) {
        TreeSet<String> names = namesByIndex.get(vm.index());
        if (names != null) {
            names.remove(vm.name());
            if (names.isEmpty()) {
                namesByIndex.remove(vm.index());
                usedIndexes.clear(vm.index());
            }
        }
        cpuGuaranteed -= guarantee(vm);
    }

    /** What a VM counts towards the node's CPU guarantees: nothing once it is being destroyed. */
    private static long guarantee(VmRecord vm) {
        return vm.phase() == VmPhase.DESTROYING ? 0 : vm.rspec().count(RspecAttribute.CPU_GUARANTEE);
    }

    Optional<VmRecord> vm(String name) {
        return Optional.ofNullable(vmsByName.get(name));
    }

    Optional<VmRecord> vmByRcap(String rcap) {
        return Optional.ofNullable(vmNamesByDigest.get(Rcaps.digest(rcap))).map(vmsByName::get)
                .filter(vm -> Rcaps.matches(rcap, vm.rcap()));
    }

    Optional<VmRecord> vmByIndex(int index) {
        TreeSet<String> names = namesByIndex.get(index);
        return names == null ? Optional.empty() : Optional.of(vmsByName.get(names.first()));
    }

    /** The CPU guarantees of every VM but {@code name} and those being destroyed, in percent of one CPU. */
    long cpuGuaranteedBesides(String name) {
        VmRecord vm = vmsByName.get(name);
        return cpuGuaranteed - (vm == null ? 0 : guarantee(vm));
    }

    int vmCount() {
        return vmsByName.size();
    }

    List<VmRecord> vms() {
        return new ArrayList<>(vmsByName.values());
    }

    /** The smallest index no VM holds, including VMs still being torn down. */
    int freeIndex(int limit) {
        int index = usedIndexes.nextClearBit(0);
        return index < limit ? index : -1;
    }
}
