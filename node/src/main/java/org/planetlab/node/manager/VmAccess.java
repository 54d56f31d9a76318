package org.planetlab.node.manager;

import org.planetlab.api.error.PlanetLabException;
import org.planetlab.node.state.OwnerPolicy;
import org.planetlab.node.state.PoolRecord;
import org.planetlab.node.state.SliceNames;
import org.planetlab.node.state.VmRecord;

/**
 * Who may do what at the node manager, from the caller alone (its slice, found from its process
 * credentials) and the object: the owner VM and root on the node may do everything; a slice sees
 * its own VM, the VMs it bound and the pools made for it, and manages only the VMs it bound.
 */
final class VmAccess {
    private VmAccess() {}

    static boolean maySee(Caller caller, VmRecord vm) {
        return caller.privileged() || vm.name().equals(caller.slice()) || vm.boundBy().equals(caller.slice());
    }

    static boolean maySee(Caller caller, PoolRecord pool) {
        return caller.privileged() || pool.slice().equals(caller.slice());
    }

    /** Refuses a caller that may see {@code vm} but did not bind it. */
    static void requireManager(Caller caller, VmRecord vm) {
        if (!caller.privileged() && !vm.boundBy().equals(caller.slice())) {
            throw PlanetLabException.permissionDenied(caller + " may look at VM " + vm.name()
                    + " but only the service that bound it or the site may manage it");
        }
    }

    static void requirePrivileged(Caller caller, String what) {
        if (!caller.privileged()) {
            throw PlanetLabException.permissionDenied(what + " is reserved to the owner VM " + SliceNames.OWNER_VM
                    + " and root on the node; " + caller + " may not");
        }
    }

    /** The site's and operators' login keys: the site, or the service its owner script names in {@code accounts-from}. */
    static void requireAccountsInstaller(Caller caller, OwnerPolicy policy) {
        boolean named = !policy.accountsFrom().isEmpty() && policy.accountsFrom().equals(caller.slice());
        if (!caller.privileged() && !named) {
            throw PlanetLabException.permissionDenied("installing the site's and operators' login keys is reserved to the owner VM,"
                    + " root on the node and the service the owner script names in accounts-from; " + caller + " may not");
        }
    }
}
