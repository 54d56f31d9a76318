package org.planetlab.node.manager;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.Executor;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.api.rspec.RspecAttribute;
import org.planetlab.api.rspec.Rspec;
import org.planetlab.node.sliver.SliverRuntime;
import org.planetlab.node.sliver.SliverUsage;
import org.planetlab.node.state.NodeStateStore;
import org.planetlab.node.state.OwnerPolicy;
import org.planetlab.node.state.PoolRecord;
import org.planetlab.node.state.SliceNames;
import org.planetlab.node.state.VmPhase;
import org.planetlab.node.state.VmRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node manager (Architecture §4.3): resource pools and VMs named by rcaps, the durable
 * rcap/RSpec/VM table, and the privileges of the owner VM. Every change is made durable before
 * it is acknowledged. One lock orders all operations; destroying a VM is acknowledged once its
 * DESTROYING phase is on disk and the slow removal runs on {@code teardownExecutor}.
 */
public final class NodeManager {
    private static final Logger LOG = LoggerFactory.getLogger(NodeManager.class);

    private final NodeStateStore store;
    private final SliverRuntime runtime;
    private final Rcaps rcaps;
    private final Clock clock;
    private final Executor teardownExecutor;
    private final int maxSlivers;
    private final long cpuGuaranteeCapacity;
    private final VmTable table = new VmTable();
    private final PoolLedger pools;
    /** VMs reserved by a bind whose kernel objects are still being built. */
    private final java.util.Set<String> creating = new java.util.HashSet<>();
    private final RecordedStart recordedStart;
    private OwnerPolicy policy;
    private org.planetlab.node.state.Accounts accounts;
    /** The site contacts' keys of the owner-keys file, which the owner VM always keeps. */
    private List<String> ownerKeys = List.of();
    /** Why slivers may not run (the node's boot state), or null when they may. */
    private String hold;
    private boolean holdKeepsOwnerVm;

    /**
     * @param cpuGuaranteeCapacity the most CPU, in percent of one CPU, that guarantees may add up to
     */
    public NodeManager(NodeStateStore store, SliverRuntime runtime, Rcaps rcaps, Clock clock, Executor teardownExecutor,
            int maxSlivers, long cpuGuaranteeCapacity) {
        this.store = requireNonNull(store, "store is null");
        this.runtime = requireNonNull(runtime, "runtime is null");
        this.rcaps = requireNonNull(rcaps, "rcaps is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.teardownExecutor = requireNonNull(teardownExecutor, "teardownExecutor is null");
        this.maxSlivers = maxSlivers;
        this.cpuGuaranteeCapacity = cpuGuaranteeCapacity;
        this.pools = new PoolLedger(store, table, rcaps);
        this.recordedStart = new RecordedStart(store, runtime);
        store.loadPools().forEach(table::putPool);
        store.loadVms().forEach(table::putVm);
        this.policy = store.loadPolicy();
        this.accounts = store.loadAccounts();
    }

    public synchronized String createPool(Caller caller, Rspec rspec, String slice) {
        VmAccess.requirePrivileged(caller, "CreatePool");
        return pools.create(caller, rspec, slice);
    }

    /** The pool named by {@code rcap}; its bearer may see it. */
    public synchronized PoolRecord getPool(String rcap) {
        return pools.get(rcap);
    }

    /** The rcaps of the pools made for the caller's slice (every pool for the site). */
    public synchronized List<String> getRcaps(Caller caller) {
        return pools.rcapsFor(caller);
    }

    public synchronized Rspec getRspec(String rcap) {
        return pools.rspec(rcap);
    }

    public synchronized String splitPool(String rcap, Rspec part) {
        return pools.split(rcap, part);
    }

    /**
     * Binds a pool to the VM of {@code slice}: creates and starts the VM if it does not exist,
     * otherwise adds the pool's resources to it. The pool is consumed; a new VM is named by the
     * pool's rcap from then on. {@code extras} may add keys, a bootscript, a VM type or image.
     *
     * <p>A new VM is built outside the manager's lock, so binds of different slices proceed in
     * parallel; the name, index and pool are reserved first and the VM is refused to other
     * operations ({@code IN_USE}) until it is recorded ({@link RecordedStart}).
     */
    public VmRecord bind(String rcap, String slice, Rspec extras) {
        requireNonNull(extras, "extras is null");
        PoolRecord pool;
        VmRecord vm;
        synchronized (this) {
            pool = pools.get(rcap);
            SliceNames.check(slice);
            requireNotHeld("create slivers");
            if (policy.refuses(slice, pool.rspec().authority())) {
                throw PlanetLabException.permissionDenied("this node's owner does not allow slice " + slice
                        + (pool.rspec().authority().isEmpty() ? "" : " or slice authority " + pool.rspec().authority()) + " here");
            }
            if (creating.contains(slice)) {
                throw new PlanetLabException(ErrorCode.IN_USE, "VM " + slice + " is being created; bind again once it runs");
            }
            Rspec resources = new Rspec(pool.rspec().attributes(), pool.rspec().keys(), "", "").plus(extras);
            VmRecord existing = table.vm(slice).orElse(null);
            if (existing != null) {
                VmRecord grown = addTo(existing, resources);
                pools.consume(rcap);
                return grown;
            }
            vm = reserveVm(rcap, slice, resources, pool.slice());
            table.removePool(rcap);
        }
        try {
            recordedStart.start(vm);
        } catch (RuntimeException e) {
            synchronized (this) {
                table.removeVm(vm.name());
                table.putPool(pool);
                creating.remove(slice);
            }
            throw e;
        }
        synchronized (this) {
            // Not flushed: should the unlink be lost, the next start drops a pool whose rcap names a VM.
            store.consumePool(rcap);
            creating.remove(slice);
        }
        LOG.info("VM {} running", vm.name());
        return vm;
    }

    private VmRecord addTo(VmRecord existing, Rspec resources) {
        if (existing.phase() == VmPhase.DESTROYING) {
            throw new PlanetLabException(ErrorCode.IN_USE, "VM " + existing.name() + " is being destroyed; bind again once it is gone");
        }
        VmRecord grown = existing.withRspec(existing.rspec().plus(resources));
        checkCpuGuarantees(grown);
        store.saveVm(grown);
        table.putVm(grown);
        runtime.update(grown);
        LOG.info("added resources to VM {}", existing.name());
        return grown;
    }

    private VmRecord reserveVm(String rcap, String slice, Rspec rspec, String boundBy) {
        String vmType = rspec.valueOrDefault(RspecAttribute.VM_TYPE);
        if (!vmType.equals(VmRecord.LINUX_CONTAINER)) {
            throw new PlanetLabException(ErrorCode.NOT_IMPLEMENTED, "this node runs VMs of type " + VmRecord.LINUX_CONTAINER
                    + " only, not " + vmType);
        }
        int index = table.freeIndex(maxSlivers);
        if (index < 0) {
            throw new PlanetLabException(ErrorCode.QUOTA_EXCEEDED, "this node already holds its limit of " + maxSlivers + " VMs");
        }
        VmRecord vm = new VmRecord(slice, index, vmType, rspec, rcap, VmPhase.RUNNING, boundBy, clock.instant());
        checkCpuGuarantees(vm);
        table.putVm(vm);
        creating.add(slice);
        return vm;
    }

    private VmRecord startRecorded(VmRecord vm) {
        try {
            runtime.start(vm);
        } catch (RuntimeException e) {
            LOG.warn("VM {} did not start; removing it: {}", vm.name(), e.getMessage());
            if (vm.phase() == VmPhase.CREATING) {
                runtime.destroy(vm);
                store.deleteVm(vm.name());
                table.removeVm(vm.name());
            }
            throw e;
        }
        VmRecord running = vm.withPhase(VmPhase.RUNNING);
        store.saveVm(running);
        table.putVm(running);
        LOG.info("VM {} running", vm.name());
        return running;
    }

    public synchronized List<VmRecord> listVms(Caller caller) {
        return table.vms().stream().filter(vm -> VmAccess.maySee(caller, vm)).toList();
    }

    public synchronized VmRecord getVm(Caller caller, String name) {
        return visibleVm(caller, name);
    }

    public synchronized VmRecord startVm(Caller caller, String name) {
        VmRecord vm = manageableVm(caller, name);
        requireNotHeld("start slivers");
        if (vm.phase() == VmPhase.RUNNING && runtime.running(vm)) {
            return vm;
        }
        return startRecorded(vm);
    }

    public synchronized VmRecord stopVm(Caller caller, String name) {
        VmRecord stopped = manageableVm(caller, name).withPhase(VmPhase.STOPPED);
        store.saveVm(stopped);
        table.putVm(stopped);
        runtime.stop(stopped);
        LOG.info("{} stopped VM {}", caller, name);
        return stopped;
    }

    /** Acknowledges once the VM is durably marked for destruction; removal continues in the background. */
    public synchronized void destroyVm(Caller caller, String name) {
        VmRecord vm = manageableVm(caller, name);
        if (vm.ownerVm()) {
            throw PlanetLabException.permissionDenied("the owner VM " + SliceNames.OWNER_VM + " cannot be destroyed");
        }
        VmRecord destroying = vm.withPhase(VmPhase.DESTROYING);
        store.saveVm(destroying);
        table.putVm(destroying);
        LOG.info("{} destroys VM {}", caller, name);
        teardownExecutor.execute(() -> finishDestroy(destroying));
    }

    /** Removes a VM marked DESTROYING from the machine, then from the table. */
    public void finishDestroy(VmRecord vm) {
        try {
            runtime.destroy(vm);
        } catch (RuntimeException e) {
            LOG.warn("VM {} was not fully removed; the next start retries: {}", vm.name(), e.getMessage());
            return;
        }
        synchronized (this) {
            store.deleteVm(vm.name());
            table.removeVm(vm.name());
        }
    }

    public synchronized VmRecord updateVm(Caller caller, String name, List<String> keys, String bootscript) {
        VmRecord vm = manageableVm(caller, name);
        Rspec rspec = vm.rspec();
        if (keys != null) {
            rspec = rspec.withKeys(keys);
        }
        if (bootscript != null) {
            rspec = rspec.withAttribute(RspecAttribute.BOOTSCRIPT, bootscript);
        }
        VmRecord updated = vm.withRspec(rspec);
        store.saveVm(updated);
        table.putVm(updated);
        runtime.update(updated);
        return updated;
    }

    /** Usage of {@code name}, or of the caller's own VM when {@code name} is null. */
    public synchronized SliverUsage usage(Caller caller, String name) {
        String target = name != null ? name : caller.slice();
        if (target.isEmpty()) {
            throw PlanetLabException.invalidArgument("GetUsage from the host needs a VM name");
        }
        return runtime.usage(visibleVm(caller, target));
    }

    public synchronized OwnerPolicy policy() {
        return policy;
    }

    public synchronized void setPolicy(Caller caller, OwnerPolicy newPolicy) {
        VmAccess.requirePrivileged(caller, "changing the owner policy");
        store.savePolicy(requireNonNull(newPolicy, "newPolicy is null"));
        policy = newPolicy;
    }

    /** Used at agent start: VMs as last recorded. */
    public synchronized List<VmRecord> recordedVms() {
        return table.vms();
    }

    /** Finishes what a crash interrupted: consumed pools and half-created VMs. */
    public synchronized void completeInterrupted() {
        for (VmRecord vm : table.vms()) {
            if (table.pool(vm.rcap()).isPresent()) {
                pools.delete(vm.rcap());
            }
        }
    }

    /**
     * Creates the owner VM if missing, with the site contacts' keys from the owner-keys file and
     * those the site's slice authority lists ({@link #setAccounts}).
     */
    public synchronized VmRecord ensureOwnerVm(List<String> fileKeys) {
        ownerKeys = List.copyOf(fileKeys);
        List<String> keys = ownerVmKeys();
        VmRecord existing = table.vm(SliceNames.OWNER_VM).orElse(null);
        if (existing != null) {
            if (!existing.rspec().keys().equals(keys)) {
                VmRecord updated = existing.withRspec(existing.rspec().withKeys(keys));
                store.saveVm(updated);
                table.putVm(updated);
                return updated;
            }
            return existing;
        }
        int index = table.freeIndex(maxSlivers);
        VmRecord vm = new VmRecord(SliceNames.OWNER_VM, index, VmRecord.LINUX_CONTAINER, Rspec.EMPTY.withKeys(keys),
                rcaps.next(), VmPhase.CREATING, SliceNames.OWNER_VM, clock.instant());
        store.saveVm(vm);
        table.putVm(vm);
        return vm;
    }

    private List<String> ownerVmKeys() {
        java.util.LinkedHashSet<String> keys = new java.util.LinkedHashSet<>(ownerKeys);
        keys.addAll(accounts.siteAdmin());
        return List.copyOf(keys);
    }

    /**
     * Creates the VM of an infrastructure service the agent itself runs (the slice creation
     * service) if missing: a VM like any other, bound by the owner VM, whose uid range is the
     * service's identity at the node manager.
     */
    public synchronized VmRecord ensureServiceVm(String slice) {
        VmRecord existing = table.vm(SliceNames.check(slice)).orElse(null);
        if (existing != null && existing.phase() != VmPhase.DESTROYING) {
            return existing;
        }
        if (existing != null) {
            throw new PlanetLabException(ErrorCode.IN_USE, "VM " + slice + " is being destroyed; try again once it is gone");
        }
        int index = table.freeIndex(maxSlivers);
        if (index < 0) {
            throw new PlanetLabException(ErrorCode.QUOTA_EXCEEDED, "this node already holds its limit of " + maxSlivers + " VMs");
        }
        VmRecord vm = new VmRecord(slice, index, VmRecord.LINUX_CONTAINER, Rspec.EMPTY, rcaps.next(), VmPhase.CREATING,
                SliceNames.OWNER_VM, clock.instant());
        store.saveVm(vm);
        table.putVm(vm);
        LOG.info("service VM {} recorded", slice);
        return vm;
    }

    /** The login keys of the site's staff and the operators, as last installed. */
    public synchronized org.planetlab.node.state.Accounts accounts() {
        return accounts;
    }

    /**
     * Installs the keys of the site's PIs and techs (in the owner VM, next to the owner-keys
     * file's) and of the operators. Allowed to the site and to the service its owner script names
     * ({@code accounts-from}), never to other slices.
     */
    public synchronized void setAccounts(Caller caller, org.planetlab.node.state.Accounts newAccounts) {
        requireNonNull(newAccounts, "newAccounts is null");
        VmAccess.requireAccountsInstaller(caller, policy);
        if (newAccounts.equals(accounts)) {
            return;
        }
        store.saveAccounts(newAccounts);
        accounts = newAccounts;
        table.vm(SliceNames.OWNER_VM).filter(vm -> vm.phase() != VmPhase.DESTROYING).ifPresent(owner -> {
            VmRecord updated = owner.withRspec(owner.rspec().withKeys(ownerVmKeys()));
            store.saveVm(updated);
            table.putVm(updated);
            runtime.update(updated);
        });
        LOG.info("{} installed {} site_admin and {} root login keys", caller, newAccounts.siteAdmin().size(), newAccounts.root().size());
    }

    /**
     * Stops every sliver's processes (the owner VM's too unless {@code keepOwnerVm}) and refuses to
     * create or start any until {@link #releaseSlivers}; recorded phases are kept, so release
     * brings back exactly the slivers that ran. {@code reason} names the node's state in refusals.
     */
    public synchronized void holdSlivers(String reason, boolean keepOwnerVm) {
        hold = requireNonNull(reason, "reason is null");
        holdKeepsOwnerVm = keepOwnerVm;
        for (VmRecord vm : table.vms()) {
            if (vm.phase() != VmPhase.DESTROYING && !(keepOwnerVm && vm.ownerVm())) {
                runtime.stop(vm);
            } else if (vm.ownerVm() && vm.phase() == VmPhase.RUNNING && !runtime.running(vm)) {
                runtime.start(vm);
            }
        }
        LOG.info("slivers held: node in {}", reason);
    }

    /** Ends a hold: slivers recorded as running run again (their bootscripts with them). */
    public synchronized void releaseSlivers() {
        if (hold == null) {
            return;
        }
        hold = null;
        for (VmRecord vm : table.vms()) {
            if ((vm.phase() == VmPhase.RUNNING || vm.phase() == VmPhase.CREATING) && !creating.contains(vm.name())
                    && !runtime.running(vm)) {
                try {
                    startRecorded(vm);
                } catch (RuntimeException e) {
                    LOG.warn("VM {} did not start after the hold: {}", vm.name(), e.getMessage());
                }
            }
        }
        LOG.info("slivers released");
    }

    /** False for a VM a hold keeps stopped. */
    public synchronized boolean mayRun(VmRecord vm) {
        return hold == null || (vm.ownerVm() && holdKeepsOwnerVm);
    }

    /** True while slivers are held (safeboot, disabled). */
    public synchronized boolean held() {
        return hold != null;
    }

    /**
     * A reinstall: removes every VM but those named in {@code keep} (the owner VM, the agent's own
     * services), and every pool; the owner script and the slice creation service build them again.
     */
    public synchronized void reset(java.util.Set<String> keep) {
        for (VmRecord vm : table.vms()) {
            if (!keep.contains(vm.name()) && !creating.contains(vm.name())) {
                runtime.destroy(vm);
                store.deleteVm(vm.name());
                table.removeVm(vm.name());
            }
        }
        table.pools().forEach(pool -> pools.delete(pool.rcap()));
        LOG.info("node manager reset: only {} remain", keep);
    }

    private void requireNotHeld(String what) {
        if (hold != null) {
            throw new PlanetLabException(ErrorCode.UNAVAILABLE, "this node is in " + hold + ": it may not " + what
                    + " until PLC puts it back in boot");
        }
    }

    /** Marks a recorded VM as running after the agent restarted it. */
    public synchronized void markRunning(VmRecord vm) {
        VmRecord running = vm.withPhase(VmPhase.RUNNING);
        store.saveVm(running);
        table.putVm(running);
    }

    /** The VM whose uid range holds {@code index}, for identifying callers. */
    public synchronized java.util.Optional<VmRecord> vmByIndex(int index) {
        return table.vmByIndex(index);
    }

    private void checkCpuGuarantees(VmRecord candidate) {
        long total = candidate.rspec().count(RspecAttribute.CPU_GUARANTEE) + table.cpuGuaranteedBesides(candidate.name());
        if (total > cpuGuaranteeCapacity) {
            throw new PlanetLabException(ErrorCode.QUOTA_EXCEEDED, "CPU guarantees would add up to %d%% of one CPU; this node admits %d%%"
                    .formatted(total, cpuGuaranteeCapacity));
        }
    }

    private VmRecord visibleVm(Caller caller, String name) {
        return table.vm(SliceNames.check(name)).filter(vm -> VmAccess.maySee(caller, vm))
                .orElseThrow(() -> PlanetLabException.notFound("no VM " + name + " that " + caller + " may see on this node"));
    }

    private VmRecord manageableVm(Caller caller, String name) {
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
