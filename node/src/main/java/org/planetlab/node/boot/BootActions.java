package org.planetlab.node.boot;

/** What the rest of the agent does when the boot manager learns what PLC wants of the node. */
public interface BootActions {
    /** Boot state with current credentials: slivers may run and the slice creation service with them. */
    void boot();

    /** Safeboot or disabled: stop slivers' processes and create none until boot again. */
    void hold(BootState state);

    /** Reinstall: forget every sliver and pool, re-apply the owner script. */
    void reinstall();

    /** The TLS identity of the node's endpoints was replaced. */
    void tlsRenewed();
}
