package org.planetlab.scs;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.api.nodemanager.NodeManagerOperations;
import org.planetlab.api.nodemanager.NodeManagerRequests;
import org.planetlab.api.nodemanager.NodeManagerRequests.Accounts;
import org.planetlab.api.nodemanager.NodeManagerRequests.VmName;
import org.planetlab.api.rspec.RspecAttribute;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the node run what its slice authorities say (Architecture §4.5, §4.7 "central"): creates
 * the missing slivers, brings keys, bootscripts, resources and started/stopped state of the others
 * up to date, and destroys those of slices that are gone, expired, or deleted and created again
 * under the same name. Slivers created from tickets are the leases' business, not this, except
 * that one whose slice its authority stopped is stopped here too, and that on a reservable node
 * they are held for want of the current lease like the others.
 *
 * <p>It acts only on views it received: while an authority cannot be reached its last view
 * stands (slivers stay as they are; those whose slice expires meanwhile are removed), and before
 * the first view of an authority nothing of that authority is touched. Not thread-safe: the
 * service runs it on its one action thread.
 */
final class Converger {
    private static final Logger LOG = LoggerFactory.getLogger(Converger.class);

    /** Writes a new sliver's record beside its creation, one thread per record. */
    private static final Executor RECORD_WRITER = command -> Thread.ofVirtual().name("scs-record").start(command);

    private final NodeManagerLink nodeManager;
    private final SliverAllocator allocator;
    private final ScsRecords records;
    private final String self;
    private final Clock clock;
    private final Map<String, SliverView> views = new LinkedHashMap<>();
    private final Map<String, String> failures = new HashMap<>();
    private final java.util.Set<String> siteStopsSeen = new java.util.HashSet<>();
    private final LeaseHolds leaseHolds = new LeaseHolds();
    private Instant lastPass = Instant.EPOCH;
    private Accounts installedAccounts;

    /** @param self the service's own slice, as the node manager named it */
    Converger(NodeManagerLink nodeManager, SliverAllocator allocator, ScsRecords records, String self, Clock clock) {
        this.nodeManager = requireNonNull(nodeManager, "nodeManager is null");
        this.allocator = requireNonNull(allocator, "allocator is null");
        this.records = requireNonNull(records, "records is null");
        this.self = requireNonNull(self, "self is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** Takes a new view of one authority and converges to all views. */
    boolean accept(String authority, SliverView view) {
        views.put(authority, view);
        records.putStops(authority, view.stops());
        installAccounts(view.accounts());
        return converge();
    }

    /** The naming authorities {@code authority}'s last view named; empty before its first view. */
    List<String> namingAuthorities(String authority) {
        SliverView view = views.get(authority);
        return view == null ? List.of() : view.namingAuthorities();
    }

    /** The earliest moment a sliver of the views expires. */
    Optional<Instant> nextExpiry() {
        return views.values().stream().flatMap(view -> view.slivers().values().stream()).map(SliverView.Wanted::expires)
                .min(Instant::compareTo);
    }

    /** The next lease start or end after the last pass, at which a reservable node changes who runs. */
    Optional<Instant> nextLeaseBoundary() {
        return LeaseHolds.nextBoundary(views.values(), lastPass);
    }

    /**
     * One pass over every VM and every wanted sliver.
     *
     * @return true if the node matches the views; false if something must be tried again
     */
    boolean converge() {
        Instant now = clock.instant();
        lastPass = now;
        Map<String, SliverView.Wanted> wanted = new LinkedHashMap<>();
        Map<String, String> authorityOf = new HashMap<>();
        views.forEach((authority, view) -> view.slivers().values().stream().filter(sliver -> sliver.expires().isAfter(now))
                .forEach(sliver -> {
                    wanted.put(sliver.name(), leaseHolds.apply(view, sliver, now));
                    authorityOf.put(sliver.name(), authority);
                }));
        Map<String, LocalVm> vms = LocalVm.list(nodeManager);
        boolean done = true;
        for (SliverView.Wanted sliver : wanted.values()) {
            done &= attempt(sliver.name(), () -> reconcile(authorityOf.get(sliver.name()), sliver, vms.get(sliver.name())));
        }
        for (LocalVm vm : vms.values()) {
            if (vm.boundBy().equals(self) && !wanted.containsKey(vm.name()) && records.lease(vm.name()).isEmpty()
                    && !vm.destroying() && mayRemove(vm.name())) {
                done &= attempt(vm.name(), () -> {
                    destroy(vm.name(), "its slice is no longer on this node or has expired");
                    return true;
                });
            }
        }
        records.centralNames().stream().filter(name -> !vms.containsKey(name) && !wanted.containsKey(name))
                .forEach(records::removeCentral);
        for (ScsRecords.Leased lease : records.leases().values()) {
            LocalVm vm = vms.get(lease.name());
            if (vm != null && !vm.destroying()) {
                done &= attempt(lease.name(), () -> reconcileLeased(lease, vm, now));
            }
        }
        return done;
    }

    /**
     * A sliver made from a ticket: stopped while its slice is stopped at its authority, and held
     * by the node's reservations like the slivers of the views.
     */
    private boolean reconcileLeased(ScsRecords.Leased lease, LocalVm vm, Instant now) {
        if (records.stops(lease.authority()).stops(lease.sliceName())) {
            if (!vm.stopped()) {
                nodeManager.call(NodeManagerOperations.STOP_VM, new VmName(lease.name()));
                LOG.info("stopped leased sliver {}: slice {} is stopped at {}", lease.name(), lease.sliceName(), lease.authority());
            }
            return true;
        }
        SliverView view = views.get(lease.authority());
        LeaseHolds.Step step = view == null ? LeaseHolds.Step.NOTHING
                : leaseHolds.leased(view, lease.name(), lease.sliceName(), vm, now);
        if (step == LeaseHolds.Step.STOP) {
            nodeManager.call(NodeManagerOperations.STOP_VM, new VmName(lease.name()));
            LOG.info("stopped leased sliver {}: slice {} holds no current lease of this reservable node", lease.name(),
                    lease.sliceName());
        } else if (step == LeaseHolds.Step.START) {
            nodeManager.call(NodeManagerOperations.START_VM, new VmName(lease.name()));
            LOG.info("started leased sliver {}: slice {} holds the current lease", lease.name(), lease.sliceName());
        }
        return true;
    }

    /**
     * Whether a sliver made from a ticket of slice {@code hrn} may run now, by the reservations
     * of its authority's last view; before any view, nothing holds it.
     */
    boolean mayRunLeased(String authority, String name, String hrn) {
        SliverView view = views.get(authority);
        return view == null || leaseHolds.mayRun(view, name, hrn, clock.instant());
    }

    /** A VM without a view saying so is removed only once every authority it may belong to has spoken. */
    private boolean mayRemove(String name) {
        return records.central(name).map(record -> views.containsKey(record.authority())).orElse(!views.isEmpty());
    }

    /** Returns true when the sliver is as wanted. */
    private boolean reconcile(String authority, SliverView.Wanted sliver, LocalVm vm) {
        if (records.lease(sliver.name()).isPresent()) {
            LOG.warn("{} lists {} but a ticket's lease holds that sliver; it stays leased", authority, sliver.name());
            return true;
        }
        if (vm == null) {
            create(authority, sliver);
            return true;
        }
        if (vm.destroying()) {
            return false;
        }
        if (!vm.boundBy().equals(self)) {
            LOG.warn("{} lists {}, but that VM belongs to {} on this node; left alone", authority, sliver.name(), vm.boundBy());
            return true;
        }
        Optional<ScsRecords.Central> record = records.central(sliver.name());
        if (record.isPresent() && record.get().sliceId() != sliver.sliceId()) {
            destroy(sliver.name(), "slice " + sliver.hierarchicalName() + " was deleted and created again (id "
                    + record.get().sliceId() + " is now " + sliver.sliceId() + ")");
            return false;
        }
        if (record.isEmpty()) {
            records.putCentral(new ScsRecords.Central(sliver.name(), authority, sliver.sliceId()));
        }
        ResourceChange change = ResourceChange.between(vm.rspec(), sliver.rspec());
        if (change.recreate()) {
            destroy(sliver.name(), "its resources shrank or its VM type or image changed; it is created again");
            return false;
        }
        if (change.grows()) {
            allocator.bind(authority, sliver.name(), change.grow(), vm.keys(), sliver.sliceId());
            LOG.info("{} grew by {}", sliver.name(), change.grow().attributes());
        }
        update(sliver, vm);
        return true;
    }

    /**
     * The sliver's record (its authority and slice id) is written, with its two flushes, while the
     * node manager makes the sliver, and the create is done once both are. A crash between the two
     * leaves either a record without a VM, which a later pass removes, or a VM without a record,
     * which the next pass records again from the view.
     */
    private void create(String authority, SliverView.Wanted sliver) {
        long started = System.nanoTime();
        ScsRecords.Central record = new ScsRecords.Central(sliver.name(), authority, sliver.sliceId());
        CompletableFuture<Void> recorded = CompletableFuture.runAsync(() -> records.writeCentral(record), RECORD_WRITER);
        try {
            allocator.bind(authority, sliver.name(), sliver.rspec(), sliver.rspec().keys(), sliver.sliceId());
        } catch (RuntimeException e) {
            // As when the record came first: a record without a VM, which a later pass removes.
            if (recorded.handle((ignored, failure) -> failure == null).join()) {
                records.rememberCentral(record);
            }
            throw e;
        }
        awaitRecord(recorded);
        records.rememberCentral(record);
        if (!sliver.started()) {
            nodeManager.call(NodeManagerOperations.STOP_VM, new VmName(sliver.name()));
        }
        LOG.info("created sliver {} of {} in {} ms{}", sliver.name(), sliver.hierarchicalName(), (System.nanoTime() - started) / 1_000_000,
                sliver.started() ? "" : " (stopped, as its slice is)");
    }

    /** Waits for a record written by {@link #RECORD_WRITER}; its failure is thrown here. */
    private static void awaitRecord(CompletableFuture<Void> recorded) {
        try {
            recorded.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException failure ? failure : e;
        }
    }

    private void update(SliverView.Wanted sliver, LocalVm vm) {
        String bootscript = sliver.rspec().valueOrDefault(RspecAttribute.BOOTSCRIPT);
        boolean keysChanged = !vm.keys().equals(sliver.rspec().keys());
        boolean scriptChanged = !vm.rspec().valueOrDefault(RspecAttribute.BOOTSCRIPT).equals(bootscript);
        if (keysChanged || scriptChanged) {
            nodeManager.call(NodeManagerOperations.UPDATE_VM, new NodeManagerRequests.UpdateVm(sliver.name(),
                    Optional.of(sliver.rspec().keys()), Optional.of(bootscript)));
            LOG.info("updated {}:{}{}", sliver.name(), keysChanged ? " keys" : "", scriptChanged ? " bootscript" : "");
        }
        if (!vm.siteStopped()) {
            siteStopsSeen.remove(sliver.name());
        }
        if (sliver.started() && vm.stopped() && vm.siteStopped()) {
            if (siteStopsSeen.add(sliver.name())) {
                LOG.info("{} stays stopped: the node's site stopped it, and only the site starts it again", sliver.name());
            }
        } else if (sliver.started() && vm.stopped()) {
            nodeManager.call(NodeManagerOperations.START_VM, new VmName(sliver.name()));
            LOG.info("started {}", sliver.name());
        } else if (!sliver.started() && !vm.stopped()) {
            nodeManager.call(NodeManagerOperations.STOP_VM, new VmName(sliver.name()));
            LOG.info("stopped {}", sliver.name());
        }
    }

    private void destroy(String name, String why) {
        nodeManager.call(NodeManagerOperations.DESTROY_VM, new VmName(name));
        records.removeCentral(name);
        LOG.info("destroyed sliver {}: {}", name, why);
    }

    private void installAccounts(Accounts accounts) {
        if (accounts.equals(installedAccounts)) {
            return;
        }
        try {
            nodeManager.call(NodeManagerOperations.SET_ACCOUNTS, accounts);
            installedAccounts = accounts;
        } catch (PlanetLabException e) {
            if (e.code() != ErrorCode.PERMISSION_DENIED) {
                throw e;
            }
            installedAccounts = accounts;
            LOG.info("the owner did not let this service install site_admin and root keys (owner script accounts-from)");
        }
    }

    /** Runs one sliver's step; a failure is logged once per message and retried later. */
    private boolean attempt(String name, java.util.function.BooleanSupplier step) {
        try {
            boolean done = step.getAsBoolean();
            failures.remove(name);
            return done;
        } catch (PlanetLabException e) {
            if (!e.getMessage().equals(failures.put(name, e.getMessage()))) {
                LOG.warn("sliver {}: {} ({}); will try again", name, e.getMessage(), e.code());
            }
            return false;
        }
    }
}
