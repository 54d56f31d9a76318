package org.planetlab.node.state;

import static java.util.Objects.requireNonNull;

/**
 * One mutation of the node's desired state, as data. The node manager decides on changes; each
 * is appended to the one durable log ({@link NodeStateStore#append}) and applied to memory in one
 * place. Replaying the log at start gives back the state as the {@code *Saved} changes that
 * would make it.
 */
public sealed interface StateChange {
    record PoolSaved(PoolRecord pool) implements StateChange {
        public PoolSaved {
            requireNonNull(pool, "pool is null");
        }
    }

    /**
     * A pool gave {@code child} part of its resources and keeps {@code parent}. Both are written
     * with one flush, the parent first: the log is read in order, so the child is never durable
     * without the shrunken parent, and a crash loses the part rather than doubling it.
     */
    record PoolSplit(PoolRecord parent, PoolRecord child) implements StateChange {
        public PoolSplit {
            requireNonNull(parent, "parent is null");
            requireNonNull(child, "child is null");
        }
    }

    /**
     * A pool a bind used up. Not waited for: the VM record naming the pool's rcap is already
     * durable, and should the removal be lost, the next start drops a pool whose rcap names a VM.
     */
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
