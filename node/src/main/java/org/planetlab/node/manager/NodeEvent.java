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

    /**
     * The destruction of the sliver is acknowledged: it is durably marked DESTROYING and its
     * removal from the machine has begun; its processes may still run and its traffic still flow
     * until {@link SliverDestroyed}.
     */
    record SliverDestroying(VmRecord vm) implements NodeEvent {
        public SliverDestroying {
            requireNonNull(vm, "vm is null");
        }
    }

    /**
     * The sliver is gone: its processes, network, cgroups and disk are removed and its record
     * deleted, so nothing more is used or sent in its name (a consumer may close its books). Also
     * sent for a sliver removed by a reinstall, or one recorded at start that could not be built.
     * A teardown that fails is retried by the next start, and this event waits for it.
     */
    record SliverDestroyed(String name) implements NodeEvent {
        public SliverDestroyed {
            requireNonNull(name, "name is null");
        }
    }

    /**
     * A new sliver could not be made and nothing of it exists: its image is still being built
     * ({@code retrying}, the creator is to ask again) or its making failed; {@code reason} is the
     * refusal its creator got.
     */
    record SliverRefused(String name, String reason, boolean retrying) implements NodeEvent {
        public SliverRefused {
            requireNonNull(name, "name is null");
            requireNonNull(reason, "reason is null");
        }
    }

    /**
     * A recorded sliver did not start when it was to run again (a hold lifted, a stop undone,
     * its lease begun): it stays recorded, not running; {@code reason} says when and why.
     */
    record SliverStartFailed(String name, String reason) implements NodeEvent {
        public SliverStartFailed {
            requireNonNull(name, "name is null");
            requireNonNull(reason, "reason is null");
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
