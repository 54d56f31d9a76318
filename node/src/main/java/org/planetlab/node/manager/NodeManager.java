package org.planetlab.node.manager;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.api.rspec.RspecAttribute;
import org.planetlab.api.rspec.Rspec;
import org.planetlab.node.sliver.SliverRuntime;
import org.planetlab.node.sliver.SliverUsage;
import org.planetlab.node.state.Accounts;
import org.planetlab.node.state.NodeStateStore;
import org.planetlab.node.state.OwnerPolicy;
import org.planetlab.node.state.PoolRecord;
import org.planetlab.node.state.SliceNames;
import org.planetlab.node.state.StateChange;
import org.planetlab.node.state.VmPhase;
import org.planetlab.node.state.VmRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node manager (Architecture §4.3): resource pools and VMs named by rcaps, the durable
 * rcap/RSpec/VM table, and the privileges of the owner VM. Every change is made durable before
 * it is acknowledged.
 *
 * <p>One thread, the {@link NodeController}, owns this state: each method is an event on its
 * queue and waits for its answer; work on the machine runs on workers ({@link KernelWork}) that
 * report back as events. Destroying a VM is acknowledged once its DESTROYING phase is on disk;
 * the removal runs on {@code teardownExecutor}. Other parts of the agent follow the changes
 * through {@link #subscribe}.
 */
public final class NodeManager implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NodeManager.class);
    /** How long {@link #close} waits for kernel work in flight, and then for each kind of thread to end. */
    private static final Duration CLOSE_LIMIT = Duration.ofSeconds(30);

    private final SliverRuntime runtime;
    private final Rcaps rcaps;
    private final Clock clock;
    private final ManagerThreads threads = new ManagerThreads();
    private final NodeController controller;
    private final NodeEvents events = new NodeEvents(threads);
    private final NodeStateStore store;
    private final ControllerState state;
    private final PoolLedger pools;
    private final KernelWork kernel;
    private final RecordedStart recordedStart;
    private final SliverOperations slivers;
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * @param cpuGuaranteeCapacity the most CPU, in percent of one CPU, that guarantees may add up to
     */
    public NodeManager(NodeStateStore store, SliverRuntime runtime, Rcaps rcaps, Clock clock, Executor teardownExecutor,
            int maxSlivers, long cpuGuaranteeCapacity) {
        this.store = requireNonNull(store, "store is null");
        this.runtime = requireNonNull(runtime, "runtime is null");
        this.rcaps = requireNonNull(rcaps, "rcaps is null");
        this.clock = requireNonNull(clock, "clock is null");
        requireNonNull(teardownExecutor, "teardownExecutor is null");
        this.state = new ControllerState(store, maxSlivers, cpuGuaranteeCapacity);
        this.pools = new PoolLedger(state, rcaps);
        this.controller = new NodeController(threads);
        this.kernel = new KernelWork(controller, threads);
        this.recordedStart = new RecordedStart(store, runtime, threads);
        this.slivers = new SliverOperations(state, pools, runtime, kernel, events, clock, teardownExecutor, this::finishDestroy,
                recordedStart);
    }

    /**
     * Stops the node manager, in order: new requests are refused ({@code UNAVAILABLE}); kernel work
     * in flight finishes and reports back to the controller, which records it and answers its
     * callers; the controller runs what is queued and ends; the record writers and the event
     * delivery (after handing out the events already published) end; the log is closed. Slivers
     * keep running. Returns once every thread of the node manager has ended, or after a bounded
     * wait for one that does not (logged). Teardowns still queued on the agent's teardown executor
     * find the node manager closed and are finished by the next start, as after a crash.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        controller.refuseRequests();
        kernel.close(CLOSE_LIMIT);
        controller.close(CLOSE_LIMIT);
        recordedStart.close();
        events.close();
        threads.join(CLOSE_LIMIT);
        store.close();
    }

    /** Delivers every later change of the node's state to {@code subscriber}, in order, until the subscription is closed. */
    public AutoCloseable subscribe(Consumer<? super NodeEvent> subscriber) {
        return events.subscribe(subscriber);
    }

    public String createPool(Caller caller, Rspec rspec, String slice) {
        return controller.call(() -> {
            VmAccess.requirePrivileged(caller, "CreatePool");
            PoolRecord pool = pools.create(caller, rspec, slice);
            events.publish(new NodeEvent.PoolCreated(pool.slice(), pool.rspec()));
            return pool.rcap();
        });
    }

    /** The pool named by {@code rcap}; its bearer may see it. */
    public PoolRecord getPool(String rcap) {
        return controller.call(() -> pools.get(rcap));
    }

    /** The rcaps of the pools made for the caller's slice (every pool for the site). */
    public List<String> getRcaps(Caller caller) {
        return controller.call(() -> pools.rcapsFor(caller));
    }

    public Rspec getRspec(String rcap) {
        return controller.call(() -> pools.rspec(rcap));
    }

    public String splitPool(String rcap, Rspec part) {
        return controller.call(() -> {
            PoolRecord child = pools.split(rcap, part);
            events.publish(new NodeEvent.PoolSplit(child.slice(), child.rspec()));
            return child.rcap();
        });
    }

    /**
     * Binds a pool to the VM of {@code slice}: creates and starts the VM if it does not exist,
     * otherwise adds the pool's resources to it. The pool is consumed; a new VM is named by the
     * pool's rcap from then on. {@code extras} may add keys, a bootscript, a VM type or image.
     * A new VM is refused to other operations ({@code IN_USE}) until it is built and recorded.
     */
    public VmRecord bind(String rcap, String slice, Rspec extras) {
        requireNonNull(extras, "extras is null");
        return NodeController.await(controller.<VmRecord>submit(reply -> slivers.bind(rcap, slice, extras, 0, reply)));
    }

    /**
     * Takes {@code part} out of the pool (all of the pool if it holds exactly that) and binds it to
     * the VM of {@code slice}, as one request on the controller: a create costs one turn of its
     * queue, and one flush of the log: the split is flushed with the VM's record. If the bind fails,
     * the part split off stays a pool of exactly one sliver's resources, which a later SplitAndBind
     * or Bind for exactly that takes whole; a crash before any flush leaves the pool unsplit.
     *
     * @param sliceId the binding service's id of the slice, 0 if it gave none
     */
    public VmRecord splitAndBind(String rcap, Rspec part, String slice, Rspec extras, long sliceId) {
        requireNonNull(part, "part is null");
        requireNonNull(extras, "extras is null");
        return NodeController.await(controller.<VmRecord>submit(reply -> {
            String bound = rcap;
            if (!pools.rspec(rcap).attributes().equals(part.attributes())) {
                PoolRecord child = pools.splitForBind(rcap, part);
                events.publish(new NodeEvent.PoolSplit(child.slice(), child.rspec()));
                bound = child.rcap();
            }
            slivers.bind(bound, slice, extras, sliceId, reply);
        }));
    }

    public List<VmRecord> listVms(Caller caller) {
        return controller.call(() -> state.table.vms().stream().filter(vm -> VmAccess.maySee(caller, vm)).toList());
    }

    public VmRecord getVm(Caller caller, String name) {
        return controller.call(() -> state.visibleVm(caller, name));
    }

    public VmRecord startVm(Caller caller, String name) {
        return NodeController.await(controller.<VmRecord>submit(reply -> slivers.start(caller, name, reply)));
    }

    public VmRecord stopVm(Caller caller, String name) {
        return NodeController.await(controller.<VmRecord>submit(reply -> slivers.stop(caller, name, reply)));
    }

    /** Acknowledges once the VM is durably marked for destruction; removal continues in the background. */
    public void destroyVm(Caller caller, String name) {
        controller.run(() -> slivers.destroy(caller, name));
    }

    /**
     * Removes a VM marked DESTROYING from the machine, then from the table, and tells the
     * subscribers it is destroyed; called off the controller thread.
     */
    public void finishDestroy(VmRecord vm) {
        try {
            runtime.destroy(vm);
        } catch (RuntimeException e) {
            LOG.warn("VM {} was not fully removed; the next start retries: {}", vm.name(), e.getMessage());
            return;
        }
        try {
            controller.run(() -> {
                // No flush on the controller: a lost deletion only makes the next start finish this teardown again.
                state.applyLater(new StateChange.VmDeleted(vm.name()));
                events.publish(new NodeEvent.SliverDestroyed(vm.name()));
            });
        } catch (PlanetLabException e) {
            LOG.info("VM {} removed while the node manager closed; the next start forgets its record: {}", vm.name(), e.getMessage());
        }
    }

    public VmRecord updateVm(Caller caller, String name, List<String> keys, String bootscript) {
        return NodeController.await(controller.<VmRecord>submit(reply -> slivers.update(caller, name, keys, bootscript, reply)));
    }

    /** Usage of {@code name}, or of the caller's own VM when {@code name} is null, read from the machine by the calling thread. */
    public SliverUsage usage(Caller caller, String name) {
        String target = name != null ? name : caller.slice();
        if (target.isEmpty()) {
            throw PlanetLabException.invalidArgument("GetUsage from the host needs a VM name");
        }
        VmRecord vm = controller.call(() -> state.visibleVm(caller, target));
        return runtime.usage(vm);
    }

    public OwnerPolicy policy() {
        return controller.call(() -> state.policy);
    }

    public void setPolicy(Caller caller, OwnerPolicy newPolicy) {
        requireNonNull(newPolicy, "newPolicy is null");
        controller.run(() -> {
            VmAccess.requirePrivileged(caller, "changing the owner policy");
            state.apply(new StateChange.PolicySaved(newPolicy));
            events.publish(new NodeEvent.PolicyChanged(newPolicy));
        });
    }

    /** Used at agent start: VMs as last recorded. */
    public List<VmRecord> recordedVms() {
        return controller.call(state.table::vms);
    }

    /** How many VMs are recorded, those being destroyed included: {@link #recordedVms}{@code .size()} without the copy. */
    public int recordedVmCount() {
        return controller.call(state.table::vmCount);
    }

    /** The VMs recorded but still being made: none of them runs yet. */
    public Set<String> beingCreated() {
        return controller.call(() -> Set.copyOf(state.creating));
    }

    /** Finishes what a crash interrupted: consumed pools and half-created VMs. */
    public void completeInterrupted() {
        controller.run(() -> state.table.vms().stream().map(VmRecord::rcap).filter(rcap -> state.table.pool(rcap).isPresent())
                .forEach(pools::delete));
    }

    /**
     * Creates the owner VM if missing, with the site contacts' keys from the owner-keys file and
     * those the site's slice authority lists ({@link #setAccounts}).
     */
    public VmRecord ensureOwnerVm(List<String> fileKeys) {
        List<String> copied = List.copyOf(fileKeys);
        return controller.call(() -> {
            state.ownerKeys = copied;
            List<String> keys = state.ownerVmKeys();
            VmRecord existing = state.table.vm(SliceNames.OWNER_VM).orElse(null);
            if (existing != null) {
                if (!existing.rspec().keys().equals(keys)) {
                    VmRecord updated = state.save(existing.withRspec(existing.rspec().withKeys(keys)));
                    events.publish(new NodeEvent.SliverChanged(updated));
                    return updated;
                }
                return existing;
            }
            VmRecord vm = state.save(new VmRecord(SliceNames.OWNER_VM, state.ownerIndex(), VmRecord.LINUX_CONTAINER,
                    Rspec.EMPTY.withKeys(keys), rcaps.next(), VmPhase.CREATING, SliceNames.OWNER_VM, clock.instant()));
            events.publish(new NodeEvent.SliverCreated(vm));
            return vm;
        });
    }

    /**
     * Creates the VM of an infrastructure service the agent itself runs (the slice creation
     * service) if missing: a VM like any other, bound by the owner VM, whose uid range is the
     * service's identity at the node manager.
     */
    public VmRecord ensureServiceVm(String slice) {
        return controller.call(() -> {
            VmRecord existing = state.table.vm(SliceNames.check(slice)).orElse(null);
            if (existing != null && existing.phase() != VmPhase.DESTROYING) {
                return existing;
            }
            if (existing != null) {
                throw new PlanetLabException(ErrorCode.IN_USE, "VM " + slice + " is being destroyed; try again once it is gone");
            }
            VmRecord vm = state.save(new VmRecord(slice, state.freeIndex(), VmRecord.LINUX_CONTAINER, Rspec.EMPTY, rcaps.next(),
                    VmPhase.CREATING, SliceNames.OWNER_VM, clock.instant()));
            LOG.info("service VM {} recorded", slice);
            events.publish(new NodeEvent.SliverCreated(vm));
            return vm;
        });
    }

    /** The login keys of the site's staff and the operators, as last installed. */
    public Accounts accounts() {
        return controller.call(() -> state.accounts);
    }

    /**
     * Installs the keys of the site's PIs and techs (in the owner VM, next to the owner-keys
     * file's) and of the operators. Allowed to the site and to the service its owner script names
     * ({@code accounts-from}), never to other slices.
     */
    public void setAccounts(Caller caller, Accounts newAccounts) {
        requireNonNull(newAccounts, "newAccounts is null");
        NodeController.await(controller.<Void>submit(reply -> {
            VmAccess.requireAccountsInstaller(caller, state.policy);
            if (newAccounts.equals(state.accounts)) {
                reply.complete(null);
                return;
            }
            state.apply(new StateChange.AccountsSaved(newAccounts));
            events.publish(new NodeEvent.AccountsChanged(newAccounts));
            LOG.info("{} installed {} site_admin and {} root login keys", caller, newAccounts.siteAdmin().size(), newAccounts.root().size());
            slivers.updateOwnerVm(reply);
        }));
    }

    /**
     * Stops every sliver's processes (the owner VM's too unless {@code keepOwnerVm}) and refuses to
     * create or start any until {@link #releaseSlivers}; recorded phases are kept, so release
     * brings back exactly the slivers that ran. {@code reason} names the node's state in refusals.
     */
    public void holdSlivers(String reason, boolean keepOwnerVm) {
        requireNonNull(reason, "reason is null");
        NodeController.await(controller.<Void>submit(reply -> slivers.hold(reason, keepOwnerVm, reply)));
    }

    /** Ends a hold: slivers recorded as running run again (their bootscripts with them). */
    public void releaseSlivers() {
        NodeController.await(controller.<Void>submit(slivers::release));
    }

    /** False for a VM a hold keeps stopped. */
    public boolean mayRun(VmRecord vm) {
        return controller.call(() -> state.mayRun(vm));
    }

    /** True while slivers are held (safeboot, disabled). */
    public boolean held() {
        return controller.call(() -> state.hold != null);
    }

    /**
     * A reinstall: removes every VM but those named in {@code keep} (the owner VM, the agent's own
     * services), and every pool; the owner script and the slice creation service build them again.
     */
    public void reset(Set<String> keep) {
        Set<String> kept = Set.copyOf(keep);
        NodeController.await(controller.<Void>submit(reply -> slivers.reset(kept, reply)));
    }

    /** Marks a recorded VM as running after the agent restarted it. */
    public void markRunning(VmRecord vm) {
        controller.run(() -> events.publish(new NodeEvent.SliverStarted(state.save(vm.withPhase(VmPhase.RUNNING)))));
    }

    /** The VM whose uid range holds {@code index}, for identifying callers. */
    public Optional<VmRecord> vmByIndex(int index) {
        return controller.call(() -> state.table.vmByIndex(index));
    }
}
