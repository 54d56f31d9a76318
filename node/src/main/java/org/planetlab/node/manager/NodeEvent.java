package org.planetlab.node.manager;

import static java.util.Objects.requireNonNull;

import org.planetlab.api.rspec.Rspec;
import org.planetlab.node.state.Accounts;
import org.planetlab.node.state.OwnerPolicy;
import org.planetlab.node.state.VmRecord;

/**
 * A change of the node's desired state, as the node manager's subscribers see it
 * ({@link NodeManager#subscribe}), in the order the node manager made the changes. Pools are
 * named by their slice and resources, never by their rcap: a subscriber does not learn capabilities.
 */
public sealed interface NodeEvent {
    /** A new sliver is recorded and running. */
    record SliverCreated(VmRecord vm) implements NodeEvent {
        public SliverCreated {
            requireNonNull(vm, "vm is null");
        }
    }

    record SliverStarted(VmRecord vm) implements NodeEvent {
        public SliverStarted {
            requireNonNull(vm, "vm is null");
        }
    }

    record SliverStopped(VmRecord vm) implements NodeEvent {
        public SliverStopped {
            requireNonNull(vm, "vm is null");
        }
    }

    /** The sliver is durably marked for destruction; its removal from the machine follows. */
    record SliverDestroyed(String name) implements NodeEvent {
        public SliverDestroyed {
            requireNonNull(name, "name is null");
        }
    }

    /** The sliver's keys, bootscript or resources changed. */
    record SliverChanged(VmRecord vm) implements NodeEvent {
        public SliverChanged {
            requireNonNull(vm, "vm is null");
        }
    }

    record PoolCreated(String slice, Rspec rspec) implements NodeEvent {
        public PoolCreated {
            requireNonNull(slice, "slice is null");
            requireNonNull(rspec, "rspec is null");
        }
    }

    /** A pool of {@code slice} gave {@code part} to a new pool. */
    record PoolSplit(String slice, Rspec part) implements NodeEvent {
        public PoolSplit {
            requireNonNull(slice, "slice is null");
            requireNonNull(part, "part is null");
        }
    }

    record PolicyChanged(OwnerPolicy policy) implements NodeEvent {
        public PolicyChanged {
            requireNonNull(policy, "policy is null");
        }
    }

    record AccountsChanged(Accounts accounts) implements NodeEvent {
        public AccountsChanged {
            requireNonNull(accounts, "accounts is null");
        }
    }

    /** Slivers are held stopped while the node is in {@code reason} (safeboot, disabled). */
    record HoldSet(String reason) implements NodeEvent {
        public HoldSet {
            requireNonNull(reason, "reason is null");
        }
    }

    record HoldCleared() implements NodeEvent {}
}
