package org.planetlab.node.manager;

import static java.util.Objects.requireNonNull;

import org.planetlab.node.state.Accounts;
import org.planetlab.node.state.OwnerPolicy;
import org.planetlab.node.state.PoolRecord;
import org.planetlab.node.state.VmRecord;

/**
 * One mutation of the node's desired state, as data: the controller decides on changes and
 * {@link ControllerState#apply} writes each to the durable table, then to the in-memory one.
 */
sealed interface StateChange {
    record PoolSaved(PoolRecord pool) implements StateChange {
        public PoolSaved {
            requireNonNull(pool, "pool is null");
        }
    }

    /** A pool a bind used up; removed without a flush, since the VM record naming it is durable. */
    record PoolConsumed(String rcap) implements StateChange {
        public PoolConsumed {
            requireNonNull(rcap, "rcap is null");
        }
    }

    record PoolDeleted(String rcap) implements StateChange {
        public PoolDeleted {
            requireNonNull(rcap, "rcap is null");
        }
    }

    record VmSaved(VmRecord vm) implements StateChange {
        public VmSaved {
            requireNonNull(vm, "vm is null");
        }
    }

    record VmDeleted(String name) implements StateChange {
        public VmDeleted {
            requireNonNull(name, "name is null");
        }
    }

    record PolicySaved(OwnerPolicy policy) implements StateChange {
        public PolicySaved {
            requireNonNull(policy, "policy is null");
        }
    }

    record AccountsSaved(Accounts accounts) implements StateChange {
        public AccountsSaved {
            requireNonNull(accounts, "accounts is null");
        }
    }
}
