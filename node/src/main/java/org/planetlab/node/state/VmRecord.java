package org.planetlab.node.state;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import org.planetlab.api.rspec.Rspec;

/**
 * A VM (sliver) and everything needed to rebuild it after a crash or a reboot.
 *
 * @param name the slice name, also the VM's host name
 * @param index small number stable for the VM's life: it picks the uid range and the network slot
 * @param vmType the kind of VM; only {@code linux-container-x86_64} is implemented
 * @param rspec the resources, keys and bootscript bound to the VM
 * @param rcap the capability naming the VM (the rcap of the pool that was bound to create it)
 * @param phase where the VM is in its life
 * @param boundBy the slice whose service bound it (the owner VM for the owner VM itself); it may
 *     manage the VM
 * @param created when the VM was first bound
 * @param sliceId the binding service's id of the slice (PLC's {@code slice_id} when PLC's service
 *     bound it), 0 when the service gave none
 * @param siteStopped stopped by the node's site (the owner VM or host root): only the site starts
 *     it again, so a slice creation service converging to a view that says "started" cannot undo
 *     a tech's stop, with or without PLC
 */
public record VmRecord(String name, int index, String vmType, Rspec rspec, String rcap, VmPhase phase, String boundBy, Instant created,
        long sliceId, boolean siteStopped) {
    public static final String LINUX_CONTAINER = "linux-container-x86_64";

    public VmRecord {
        SliceNames.check(name);
        if (index < 0) {
            throw new IllegalArgumentException("index is negative");
        }
        requireNonNull(vmType, "vmType is null");
        requireNonNull(rspec, "rspec is null");
        requireNonNull(rcap, "rcap is null");
        requireNonNull(phase, "phase is null");
        SliceNames.check(boundBy);
        requireNonNull(created, "created is null");
        if (sliceId < 0) {
            throw new IllegalArgumentException("sliceId is negative");
        }
    }

    /** A VM not stopped by its site. */
    public VmRecord(String name, int index, String vmType, Rspec rspec, String rcap, VmPhase phase, String boundBy, Instant created,
            long sliceId) {
        this(name, index, vmType, rspec, rcap, phase, boundBy, created, sliceId, false);
    }

    /** A VM whose service gave no slice id. */
    public VmRecord(String name, int index, String vmType, Rspec rspec, String rcap, VmPhase phase, String boundBy, Instant created) {
        this(name, index, vmType, rspec, rcap, phase, boundBy, created, 0, false);
    }

    public boolean ownerVm() {
        return name.equals(SliceNames.OWNER_VM);
    }

    public VmRecord withPhase(VmPhase newPhase) {
        return new VmRecord(name, index, vmType, rspec, rcap, newPhase, boundBy, created, sliceId, siteStopped);
    }

    /** Stopped ({@code true}, by the site) or started ({@code false}, by whoever may). */
    public VmRecord withSiteStopped(boolean stoppedBySite) {
        return new VmRecord(name, index, vmType, rspec, rcap, phase, boundBy, created, sliceId, stoppedBySite);
    }

    public VmRecord withRspec(Rspec newRspec) {
        return new VmRecord(name, index, vmType, newRspec, rcap, phase, boundBy, created, sliceId, siteStopped);
    }
}
