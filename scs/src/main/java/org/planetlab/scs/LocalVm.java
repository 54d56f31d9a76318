package org.planetlab.scs;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.planetlab.api.nodemanager.NodeManagerOperations;
import org.planetlab.api.nodemanager.NodeManagerReplies;
import org.planetlab.api.nodemanager.NodeManagerRequests;
import org.planetlab.api.rspec.Rspec;

/**
 * A VM as the node manager shows it to the service.
 *
 * @param name its slice's name on the node
 * @param phase RUNNING, STOPPED, CREATING or DESTROYING
 * @param boundBy the service that created it
 * @param rspec its resources, keys and bootscript
 * @param siteStopped stopped by the node's site: the service leaves it stopped whatever views say
 */
record LocalVm(String name, String phase, String boundBy, Rspec rspec, boolean siteStopped) {
    LocalVm {
        requireNonNull(name, "name is null");
        requireNonNull(phase, "phase is null");
        requireNonNull(boundBy, "boundBy is null");
        requireNonNull(rspec, "rspec is null");
    }

    static LocalVm of(NodeManagerReplies.Vm vm) {
        return new LocalVm(vm.name(), vm.phase(), vm.boundBy(), vm.rspec(), vm.siteStopped());
    }

    /** Every VM the service may see, by name. */
    static Map<String, LocalVm> list(NodeManagerLink nodeManager) {
        Map<String, LocalVm> vms = new LinkedHashMap<>();
        for (NodeManagerReplies.Vm vm : nodeManager.call(NodeManagerOperations.LIST_VMS, NodeManagerRequests.Nothing.INSTANCE)) {
            vms.put(vm.name(), of(vm));
        }
        return vms;
    }

    boolean destroying() {
        return phase.equals("DESTROYING");
    }

    boolean stopped() {
        return phase.equals("STOPPED");
    }

    List<String> keys() {
        return rspec.keys();
    }
}
