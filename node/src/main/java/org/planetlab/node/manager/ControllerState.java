package org.planetlab.node.manager;

import static java.util.Objects.requireNonNull;

import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.api.rspec.RspecAttribute;
import org.planetlab.node.state.Accounts;
import org.planetlab.node.state.NodeStateStore;
import org.planetlab.node.state.OwnerPolicy;
import org.planetlab.node.state.SliceNames;
import org.planetlab.node.state.VmPhase;
import org.planetlab.node.state.VmRecord;

/**
 * The node's desired state (VMs, pools, owner policy, accounts, boot hold), owned by the
 * controller thread and read and changed only there. {@link #apply} is the one place a change
 * is made: durable first, then in memory.
 */
final class ControllerState {
    private final NodeStateStore store;
    private final int maxSlivers;
    private final long cpuGuaranteeCapacity;
    final VmTable table = new VmTable();
    /** VMs reserved by a bind whose kernel objects are still being built. */
    final Set<String> creating = new HashSet<>();
    OwnerPolicy policy;
    Accounts accounts;
    /** The site contacts' keys of the owner-keys file, which the owner VM always keeps. */
    List<String> ownerKeys = List.of();
    /** Why slivers may not run (the node's boot state), or null when they may. */
    String hold;
    boolean holdKeepsOwnerVm;

    ControllerState(NodeStateStore store, int maxSlivers, long cpuGuaranteeCapacity) {
        this.store = requireNonNull(store, "store is null");
        this.maxSlivers = maxSlivers;
        this.cpuGuaranteeCapacity = cpuGuaranteeCapacity;
        store.loadPools().forEach(table::putPool);
        store.loadVms().forEach(table::putVm);
        this.policy = store.loadPolicy();
        this.accounts = store.loadAccounts();
    }

    void apply(StateChange change) {
        switch (change) {
            case StateChange.PoolSaved(var pool) -> {
                store.savePool(pool);
                table.putPool(pool);
            }
            case StateChange.PoolConsumed(var rcap) -> {
                store.consumePool(rcap);
                table.removePool(rcap);
            }
            case StateChange.PoolDeleted(var rcap) -> {
                store.deletePool(rcap);
                table.removePool(rcap);
            }
            case StateChange.VmSaved(var vm) -> {
                store.saveVm(vm);
                table.putVm(vm);
            }
            case StateChange.VmDeleted(var name) -> {
                store.deleteVm(name);
                table.removeVm(name);
            }
            case StateChange.PolicySaved(var newPolicy) -> {
                store.savePolicy(newPolicy);
                policy = newPolicy;
            }
            case StateChange.AccountsSaved(var newAccounts) -> {
                store.saveAccounts(newAccounts);
                accounts = newAccounts;
            }
        }
    }

    /** Saves {@code vm} and returns it. */
    VmRecord save(VmRecord vm) {
        apply(new StateChange.VmSaved(vm));
        return vm;
    }

    List<String> ownerVmKeys() {
        LinkedHashSet<String> keys = new LinkedHashSet<>(ownerKeys);
        keys.addAll(accounts.siteAdmin());
        return List.copyOf(keys);
    }

    int freeIndex() {
        int index = table.freeIndex(maxSlivers);
        if (index < 0) {
            throw new PlanetLabException(ErrorCode.QUOTA_EXCEEDED, "this node already holds its limit of " + maxSlivers + " VMs");
        }
        return index;
    }

    /** The smallest free index, for the owner VM, which the node never refuses. */
    int ownerIndex() {
        return table.freeIndex(maxSlivers);
    }

    void requireNotHeld(String what) {
        if (hold != null) {
            throw new PlanetLabException(ErrorCode.UNAVAILABLE, "this node is in " + hold + ": it may not " + what
                    + " until PLC puts it back in boot");
        }
    }

    boolean mayRun(VmRecord vm) {
        return hold == null || (vm.ownerVm() && holdKeepsOwnerVm);
    }

    void checkCpuGuarantees(VmRecord candidate) {
        long total = candidate.rspec().count(RspecAttribute.CPU_GUARANTEE) + table.cpuGuaranteedBesides(candidate.name());
        if (total > cpuGuaranteeCapacity) {
            throw new PlanetLabException(ErrorCode.QUOTA_EXCEEDED, "CPU guarantees would add up to %d%% of one CPU; this node admits %d%%"
                    .formatted(total, cpuGuaranteeCapacity));
        }
    }

    VmRecord visibleVm(Caller caller, String name) {
        return table.vm(SliceNames.check(name)).filter(vm -> VmAccess.maySee(caller, vm))
                .orElseThrow(() -> PlanetLabException.notFound("no VM " + name + " that " + caller + " may see on this node"));
    }

    VmRecord manageableVm(Caller caller, String name) {
        VmRecord vm = visibleVm(caller, name);
        VmAccess.requireManager(caller, vm);
        if (vm.phase() == VmPhase.DESTROYING) {
            throw PlanetLabException.notFound("VM " + name + " is being destroyed");
        }
        if (creating.contains(name)) {
            throw new PlanetLabException(ErrorCode.IN_USE, "VM " + name + " is being created; try again once it runs");
        }
        return vm;
    }
}
