package org.planetlab.node.manager;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.planetlab.api.rspec.RspecAttribute;
import org.planetlab.node.state.PoolRecord;
import org.planetlab.node.state.VmPhase;
import org.planetlab.node.state.VmRecord;

/** The in-memory copy of the durable table, with pools found by the digest of their rcap. */
final class VmTable {
    private final Map<String, PoolRecord> poolsByDigest = new HashMap<>();
    private final Map<String, VmRecord> vmsByName = new TreeMap<>();
    private final Map<String, String> vmNamesByDigest = new HashMap<>();

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
        }
        vmNamesByDigest.put(Rcaps.digest(vm.rcap()), vm.name());
    }

    void removeVm(String name) {
        VmRecord removed = vmsByName.remove(name);
        if (removed != null) {
            vmNamesByDigest.remove(Rcaps.digest(removed.rcap()));
        }
    }

    Optional<VmRecord> vm(String name) {
        return Optional.ofNullable(vmsByName.get(name));
    }

    Optional<VmRecord> vmByRcap(String rcap) {
        return Optional.ofNullable(vmNamesByDigest.get(Rcaps.digest(rcap))).map(vmsByName::get)
                .filter(vm -> Rcaps.matches(rcap, vm.rcap()));
    }

    Optional<VmRecord> vmByIndex(int index) {
        return vmsByName.values().stream().filter(vm -> vm.index() == index).findFirst();
    }

    /** The CPU guarantees of every VM but {@code name} and those being destroyed, in percent of one CPU. */
    long cpuGuaranteedBesides(String name) {
        return vmsByName.values().stream().filter(vm -> !vm.name().equals(name) && vm.phase() != VmPhase.DESTROYING)
                .mapToLong(vm -> vm.rspec().count(RspecAttribute.CPU_GUARANTEE)).sum();
    }

    int vmCount() {
        return vmsByName.size();
    }

    List<VmRecord> vms() {
        return new ArrayList<>(vmsByName.values());
    }

    /** The smallest index no VM holds, including VMs still being torn down. */
    int freeIndex(int limit) {
        boolean[] used = new boolean[limit];
        for (VmRecord vm : vmsByName.values()) {
            if (vm.index() < limit) {
                used[vm.index()] = true;
            }
        }
        for (int index = 0; index < limit; index++) {
            if (!used[index]) {
                return index;
            }
        }
        return -1;
    }
}
