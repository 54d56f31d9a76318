package org.planetlab.api.nodemanager;

/**
 * Who may call a node-manager operation. The node manager knows its caller by the kernel (the
 * peer's uid on its socket): root on the node, or one sliver. The owner VM and root together are
 * "the site" (Architecture §4.2, §4.3).
 */
public enum CallerRights {
    /** Any sliver and root; what the answer shows depends on the caller. */
    ANY("any sliver, root"),
    /** Whoever presents the rcap: a pool's capability is its own authority (Architecture §4.3). */
    RCAP_HOLDER("holder of the rcap"),
    /** The slice creation service that bound the VM, or the site. */
    VM_MANAGER("the service that bound the VM, the site"),
    /** The service the owner script names in accounts-from, or the site. */
    ACCOUNTS_INSTALLER("the accounts-from service, the site"),
    /** A sliver, for itself. */
    SLIVER("a sliver, for itself"),
    /** Only the site: the owner VM and root on the node. */
    SITE("the owner VM, root");

    private final String description;

    CallerRights(String description) {
        this.description = description;
    }

    /** For the operations table in docs/node-agent.md and for refusals. */
    public String description() {
        return description;
    }
}
