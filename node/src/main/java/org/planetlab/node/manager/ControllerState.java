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
import org.planetlab.node.state.StateChange;
import org.planetlab.node.state.VmPhase;
import org.planetlab.node.state.VmRecord;

/**
 * The node's desired state (VMs, pools, owner policy, accounts, boot hold), owned by the
 * controller thread and read and changed only there. {@link #apply} is the one place a change
 * is made: appended to the one log first, then applied to memory by {@link #remember}, which also
 * rebuilds the whole state from the log's replay at start.
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
        this.policy = OwnerPolicy.NONE;
        this.accounts = Accounts.NONE;
        store.replay().forEach(this::remember);
    }

    /** Makes {@code change}: appended to the log (durable, see {@link NodeStateStore#append}), then applied to memory. */
    void apply(StateChange change) {
        store.append(change);
        remember(change);
    }

    /** Makes a split whose part is bound at once: durable with the bound VM's record (see {@link NodeStateStore#appendLater}). */
    void applyLater(StateChange.PoolSplit split) {
        store.appendLater(split);
        remember(split);
    }

    /** Deletes a torn-down VM's record, durable with the next change (see {@link NodeStateStore#appendLater(StateChange.VmDeleted)}). */
    void applyLater(StateChange.VmDeleted deleted) {
        store.appendLater(deleted);
        remember(deleted);
    }

    /**
     * Applies a change to memory only: at start, for every record the log replays, and on the
     * controller for a change a worker has already appended (a new VM's record, see {@link RecordedStart}).
     */
    void remember(StateChange change) {
        switch (change) {
            case StateChange.PoolSaved(var pool) -> table.putPool(pool);
            case StateChange.PoolSplit(var parent, var child) -> {
                table.putPool(parent);
                table.putPool(child);
            }
            case StateChange.PoolConsumed(var rcap) -> table.removePool(rcap);
            case StateChange.PoolDeleted(var rcap) -> table.removePool(rcap);
            case StateChange.VmSaved(var vm) -> table.putVm(vm);
            case StateChange.VmDeleted(var name) -> table.removeVm(name);
            case StateChange.PolicySaved(var newPolicy) -> policy = newPolicy;
            case StateChange.AccountsSaved(var newAccounts) -> accounts = newAccounts;
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
