package org.planetlab.node.manager;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.api.rspec.RspecAttribute;
import org.planetlab.api.rspec.Rspec;
import org.planetlab.node.sliver.SliverRuntime;
import org.planetlab.node.state.PoolRecord;
import org.planetlab.node.state.SliceNames;
import org.planetlab.node.state.StateChange;
import org.planetlab.node.state.VmPhase;
import org.planetlab.node.state.VmRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node manager's operations that touch the machine, run as controller events: each decides
 * and records its change on the controller thread, hands the kernel work to {@link KernelWork}
 * and answers its caller when that work reports back.
 */
final class SliverOperations {
    private static final Logger LOG = LoggerFactory.getLogger(SliverOperations.class);

    private final ControllerState state;
    private final PoolLedger pools;
    private final SliverRuntime runtime;
    private final RecordedStart recordedStart;
    private final KernelWork kernel;
    private final NodeEvents events;
    private final Clock clock;
    private final Executor teardownExecutor;
    private final Consumer<VmRecord> teardown;

    SliverOperations(ControllerState state, PoolLedger pools, SliverRuntime runtime, KernelWork kernel, NodeEvents events, Clock clock,
            Executor teardownExecutor, Consumer<VmRecord> teardown, RecordedStart recordedStart) {
        this.state = requireNonNull(state, "state is null");
        this.pools = requireNonNull(pools, "pools is null");
        this.runtime = requireNonNull(runtime, "runtime is null");
        this.kernel = requireNonNull(kernel, "kernel is null");
        this.events = requireNonNull(events, "events is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.teardownExecutor = requireNonNull(teardownExecutor, "teardownExecutor is null");
        this.teardown = requireNonNull(teardown, "teardown is null");
        this.recordedStart = requireNonNull(recordedStart, "recordedStart is null");
    }

    /**
     * A new VM is reserved here (name, index, pool) and refused to other operations until built
     * and recorded on a worker ({@link RecordedStart}), so binds of different slices build in parallel.
     */
    /** @param sliceId the binding service's id of the slice, 0 if it gave none (recorded with a new VM) */
    void bind(String rcap, String slice, Rspec extras, long sliceId, CompletableFuture<VmRecord> reply) {
        PoolRecord pool = pools.get(rcap);
        SliceNames.check(slice);
        state.requireNotHeld("create slivers");
        if (state.policy.refuses(slice, pool.rspec().authority())) {
            throw PlanetLabException.permissionDenied("this node's owner does not allow slice " + slice
                    + (pool.rspec().authority().isEmpty() ? "" : " or slice authority " + pool.rspec().authority()) + " here");
        }
        if (state.creating.contains(slice)) {
            throw new PlanetLabException(ErrorCode.IN_USE, "VM " + slice + " is being created; bind again once it runs");
        }
        Rspec resources = new Rspec(pool.rspec().attributes(), pool.rspec().keys(), "", "").plus(extras);
        VmRecord existing = state.table.vm(slice).orElse(null);
        if (existing != null) {
            addTo(existing, resources, pool, reply);
            return;
        }
        VmRecord vm = reserveVm(rcap, slice, resources, pool.slice(), sliceId);
        state.table.removePool(rcap);
        kernel.run(slice, () -> {
            recordedStart.start(vm);
            return vm;
        }, reply, (started, failure) -> {
            state.creating.remove(slice);
            if (failure != null) {
                state.table.removeVm(slice);
                state.table.putPool(pool);
                events.publish(new NodeEvent.SliverRefused(slice, String.valueOf(failure.getMessage()),
                        failure instanceof PlanetLabException refusal && refusal.code() == ErrorCode.UNAVAILABLE));
                reply.completeExceptionally(failure);
                return;
            }
            state.remember(new StateChange.VmSaved(vm));
            state.apply(new StateChange.PoolConsumed(rcap));
            LOG.info("VM {} running", slice);
            events.publish(new NodeEvent.SliverCreated(vm));
            reply.complete(vm);
        });
    }

    private void addTo(VmRecord existing, Rspec resources, PoolRecord pool, CompletableFuture<VmRecord> reply) {
        if (existing.phase() == VmPhase.DESTROYING) {
            throw new PlanetLabException(ErrorCode.IN_USE, "VM " + existing.name() + " is being destroyed; bind again once it is gone");
        }
        VmRecord grown = existing.withRspec(existing.rspec().plus(resources));
        state.checkCpuGuarantees(grown);
        state.save(grown);
        // The pool is spent once the VM has its resources; until then no other bind may use it.
        state.table.removePool(pool.rcap());
        events.publish(new NodeEvent.SliverChanged(grown));
        kernel.run(grown.name(), () -> {
            runtime.update(grown);
            return grown;
        }, reply, (updated, failure) -> {
            if (failure != null) {
                state.table.putPool(pool);
                reply.completeExceptionally(failure);
                return;
            }
            state.apply(new StateChange.PoolConsumed(pool.rcap()));
            LOG.info("added resources to VM {}", grown.name());
            reply.complete(grown);
        });
    }

    private VmRecord reserveVm(String rcap, String slice, Rspec rspec, String boundBy, long sliceId) {
        String vmType = rspec.valueOrDefault(RspecAttribute.VM_TYPE);
        if (!vmType.equals(VmRecord.LINUX_CONTAINER)) {
            throw new PlanetLabException(ErrorCode.NOT_IMPLEMENTED, "this node runs VMs of type " + VmRecord.LINUX_CONTAINER
                    + " only, not " + vmType);
        }
        VmRecord vm = new VmRecord(slice, state.freeIndex(), vmType, rspec, rcap, VmPhase.RUNNING, boundBy, clock.instant(), sliceId);
        state.checkCpuGuarantees(vm);
        state.table.putVm(vm);
        state.creating.add(slice);
        return vm;
    }

    void start(Caller caller, String name, CompletableFuture<VmRecord> reply) {
        VmRecord vm = state.manageableVm(caller, name);
        state.requireNotHeld("start slivers");
        if (vm.siteStopped()) {
            if (!caller.privileged()) {
                throw PlanetLabException.permissionDenied("VM " + name + " was stopped by the node's site (its owner VM);"
                        + " only the site starts it again");
            }
            vm = state.save(vm.withSiteStopped(false));
        }
        startRecorded(vm, vm.phase() == VmPhase.RUNNING, "it did not start", reply);
    }

    /**
     * Starts a recorded VM and records it running; one still CREATING that cannot start is
     * removed, any other stays recorded and its failure is published, {@code occasion} first.
     */
    private void startRecorded(VmRecord vm, boolean unlessRunning, String occasion, CompletableFuture<VmRecord> reply) {
        kernel.run(vm.name(), () -> {
            if (unlessRunning && runtime.running(vm)) {
                return false;
            }
            try {
                runtime.start(vm);
            } catch (RuntimeException e) {
                LOG.warn("VM {} did not start; removing it: {}", vm.name(), e.getMessage());
                if (vm.phase() == VmPhase.CREATING) {
                    runtime.destroy(vm);
                }
                throw e;
            }
            return true;
        }, reply, (started, failure) -> {
            if (failure != null) {
                if (vm.phase() == VmPhase.CREATING) {
                    state.apply(new StateChange.VmDeleted(vm.name()));
                    events.publish(new NodeEvent.SliverDestroyed(vm.name()));
                } else {
                    events.publish(new NodeEvent.SliverStartFailed(vm.name(), occasion + ": " + failure.getMessage()));
                }
                reply.completeExceptionally(failure);
                return;
            }
            VmRecord current = state.table.vm(vm.name()).orElse(vm);
            if (!started || current.phase() == VmPhase.DESTROYING) {
                reply.complete(started ? current : vm);
                return;
            }
            VmRecord running = state.save(current.withPhase(VmPhase.RUNNING));
            LOG.info("VM {} running", vm.name());
            events.publish(new NodeEvent.SliverStarted(running));
            reply.complete(running);
        });
    }

    void stop(Caller caller, String name, CompletableFuture<VmRecord> reply) {
        // The site's stop holds against the slice's own service; anyone else's stop the service may lift.
        VmRecord vm = state.manageableVm(caller, name);
        VmRecord stopped = state.save(vm.withPhase(VmPhase.STOPPED).withSiteStopped(caller.privileged() || vm.siteStopped()));
        LOG.info("{} stopped VM {}", caller, name);
        events.publish(new NodeEvent.SliverStopped(stopped));
        onMachine(stopped, runtime::stop, reply);
    }

    /** Answers once the VM is durably marked for destruction; removal continues on the teardown executor. */
    void destroy(Caller caller, String name) {
        VmRecord vm = state.manageableVm(caller, name);
        if (vm.ownerVm()) {
            throw PlanetLabException.permissionDenied("the owner VM " + SliceNames.OWNER_VM + " cannot be destroyed");
        }
        VmRecord destroying = state.save(vm.withPhase(VmPhase.DESTROYING));
        LOG.info("{} destroys VM {}", caller, name);
        events.publish(new NodeEvent.SliverDestroying(destroying));
        kernel.after(name, teardownExecutor, () -> {
            teardown.accept(destroying);
            return null;
        }, new CompletableFuture<>(), (ignored, failure) -> {});
    }

    void update(Caller caller, String name, List<String> keys, String bootscript, CompletableFuture<VmRecord> reply) {
        VmRecord vm = state.manageableVm(caller, name);
        Rspec rspec = vm.rspec();
        if (keys != null) {
            rspec = rspec.withKeys(keys);
        }
        if (bootscript != null) {
            rspec = rspec.withAttribute(RspecAttribute.BOOTSCRIPT, bootscript);
        }
        VmRecord updated = state.save(vm.withRspec(rspec));
        events.publish(new NodeEvent.SliverChanged(updated));
        onMachine(updated, runtime::update, reply);
    }

    /** Records the owner VM with {@code keys} and updates it on the machine, if it exists and stays. */
    void updateOwnerVm(CompletableFuture<Void> reply) {
        VmRecord owner = state.table.vm(SliceNames.OWNER_VM).filter(vm -> vm.phase() != VmPhase.DESTROYING).orElse(null);
        if (owner == null) {
            reply.complete(null);
            return;
        }
        VmRecord updated = state.save(owner.withRspec(owner.rspec().withKeys(state.ownerVmKeys())));
        events.publish(new NodeEvent.SliverChanged(updated));
        kernel.run(updated.name(), () -> {
            runtime.update(updated);
            return null;
        }, reply, (ignored, failure) -> complete(reply, null, failure));
    }

    /** Stops every sliver (the owner VM too unless {@code keepOwnerVm}), keeping the recorded phases. */
    void hold(String reason, boolean keepOwnerVm, CompletableFuture<Void> reply) {
        state.hold = requireNonNull(reason, "reason is null");
        state.holdKeepsOwnerVm = keepOwnerVm;
        events.publish(new NodeEvent.HoldSet(reason));
        List<CompletableFuture<?>> steps = new ArrayList<>();
        for (VmRecord vm : state.table.vms()) {
            CompletableFuture<VmRecord> step = new CompletableFuture<>();
            if (vm.phase() != VmPhase.DESTROYING && !(keepOwnerVm && vm.ownerVm())) {
                onMachine(vm, runtime::stop, step);
            } else if (vm.ownerVm() && vm.phase() == VmPhase.RUNNING) {
                onMachine(vm, owner -> {
                    if (!runtime.running(owner)) {
                        runtime.start(owner);
                    }
                }, step);
            } else {
                continue;
            }
            steps.add(step);
        }
        LOG.info("slivers held: node in {}", reason);
        whenAll(steps, reply);
    }

    /** Ends a hold: slivers recorded as running run again (their bootscripts with them). */
    void release(CompletableFuture<Void> reply) {
        if (state.hold == null) {
            reply.complete(null);
            return;
        }
        String lifted = state.hold;
        state.hold = null;
        events.publish(new NodeEvent.HoldCleared());
        List<CompletableFuture<?>> steps = new ArrayList<>();
        for (VmRecord vm : state.table.vms()) {
            if ((vm.phase() == VmPhase.RUNNING || vm.phase() == VmPhase.CREATING) && !state.creating.contains(vm.name())) {
                CompletableFuture<VmRecord> step = new CompletableFuture<>();
                startRecorded(vm, true, "it did not start again when the node left " + lifted, step);
                steps.add(step.exceptionally(failure -> {
                    LOG.warn("VM {} did not start after the hold: {}", vm.name(), failure.getMessage());
                    return null;
                }));
            }
        }
        LOG.info("slivers released");
        whenAll(steps, reply);
    }

    /** A reinstall: removes every VM but those named in {@code keep}, and every pool. */
    void reset(Set<String> keep, CompletableFuture<Void> reply) {
        List<CompletableFuture<?>> steps = new ArrayList<>();
        for (VmRecord vm : state.table.vms()) {
            if (!keep.contains(vm.name()) && !state.creating.contains(vm.name())) {
                CompletableFuture<Void> step = new CompletableFuture<>();
                kernel.run(vm.name(), () -> {
                    runtime.destroy(vm);
                    return null;
                }, step, (ignored, failure) -> {
                    if (failure == null) {
                        state.apply(new StateChange.VmDeleted(vm.name()));
                        events.publish(new NodeEvent.SliverDestroyed(vm.name()));
                    }
                    complete(step, null, failure);
                });
                steps.add(step);
            }
        }
        state.table.pools().forEach(pool -> pools.delete(pool.rcap()));
        LOG.info("node manager reset: only {} remain", keep);
        whenAll(steps, reply);
    }

    private void onMachine(VmRecord vm, Consumer<VmRecord> work, CompletableFuture<VmRecord> reply) {
        kernel.run(vm.name(), () -> {
            work.accept(vm);
            return vm;
        }, reply, (done, failure) -> complete(reply, done, failure));
    }

    private static <T> void complete(CompletableFuture<T> reply, T result, RuntimeException failure) {
        if (failure != null) {
            reply.completeExceptionally(failure);
        } else {
            reply.complete(result);
        }
    }

    private static void whenAll(List<CompletableFuture<?>> steps, CompletableFuture<Void> reply) {
        CompletableFuture.allOf(steps.toArray(CompletableFuture[]::new)).whenComplete((ignored, failure) -> {
            if (failure != null) {
                reply.completeExceptionally(failure.getCause() != null ? failure.getCause() : failure);
            } else {
                reply.complete(null);
            }
        });
    }
}
