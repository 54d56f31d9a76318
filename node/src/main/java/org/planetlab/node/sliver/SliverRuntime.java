package org.planetlab.node.sliver;

import java.util.Collection;
import org.planetlab.node.state.VmRecord;

/**
 * Makes VMs real on this node. Every operation is idempotent, so the node manager can replay it
 * after a crash; the node manager serializes calls for one VM.
 */
public interface SliverRuntime {
    /** Creates whatever of the VM is missing (network, cgroups, disk, root) and starts its init. */
    void start(VmRecord vm);

    /** Kills every process of the VM; its disk, network and cgroups stay. */
    void stop(VmRecord vm);

    /** Removes everything of the VM from the machine. */
    void destroy(VmRecord vm);

    /** Applies a changed RSpec (limits, keys, bootscript) to an existing VM. */
    void update(VmRecord vm);

    /** True if the VM's init process is alive. */
    boolean running(VmRecord vm);

    SliverUsage usage(VmRecord vm);

    /**
     * Makes the machine match {@code desired} (VMs not being destroyed): removes every kernel
     * object under this agent's prefix that belongs to no desired VM.
     *
     * @return names of the VMs whose objects were found and removed
     */
    Collection<String> removeOrphans(Collection<VmRecord> desired);
}
