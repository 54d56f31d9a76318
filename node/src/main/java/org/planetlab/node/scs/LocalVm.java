package org.planetlab.node.scs;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.planetlab.api.rspec.Rspec;
import org.planetlab.api.rspec.RspecWire;

/**
 * A VM as the node manager shows it to the service.
 *
 * @param name its slice's name on the node
 * @param phase RUNNING, STOPPED, CREATING or DESTROYING
 * @param boundBy the service that created it
 * @param rspec its resources, keys and bootscript
 */
record LocalVm(String name, String phase, String boundBy, Rspec rspec) {
    LocalVm {
        requireNonNull(name, "name is null");
        requireNonNull(phase, "phase is null");
        requireNonNull(boundBy, "boundBy is null");
        requireNonNull(rspec, "rspec is null");
    }

    static LocalVm of(Map<?, ?> wire) {
        return new LocalVm((String) wire.get("name"), (String) wire.get("phase"), (String) wire.get("bound_by"),
                RspecWire.fromWire(wire.get("rspec")));
    }

    /** Every VM the service may see, by name. */
    static Map<String, LocalVm> list(NodeManagerLink nodeManager) {
        Map<String, LocalVm> vms = new LinkedHashMap<>();
        for (Object item : nodeManager.callForList("ListVMs", Map.of())) {
            LocalVm vm = of((Map<?, ?>) item);
            vms.put(vm.name(), vm);
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
