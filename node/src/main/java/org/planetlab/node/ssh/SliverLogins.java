package org.planetlab.node.ssh;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.node.manager.Caller;
import org.planetlab.node.manager.NodeManager;
import org.planetlab.node.state.SliceNames;
import org.planetlab.node.state.VmPhase;
import org.planetlab.node.state.VmRecord;

/**
 * Who may log in as what (the seed's {@code vsh}): {@code <slice>@node} with a key of a user of the
 * slice lands in that slice's sliver; {@code site_admin@node} with a key of the site's PIs or
 * techs lands in the owner VM; {@code root@node} with a key of a PLC operator lands in the owner
 * VM too, the node's administrative slice (2003 §4.3). Every login is the sliver's root, which has
 * no power outside its container. Keys are read from the node manager's table at each login, so a
 * key removed at the slice authority stops working as soon as the slice creation service has
 * updated the sliver.
 */
final class SliverLogins {
    /** Operators' login name. */
    static final String OPERATOR = "root";

    /**
     * Where a login lands.
     *
     * @param user the name used to log in
     * @param sliver the VM the session runs in
     */
    record Login(String user, String sliver) {
        Login {
            requireNonNull(user, "user is null");
            requireNonNull(sliver, "sliver is null");
        }
    }

    private final NodeManager manager;

    SliverLogins(NodeManager manager) {
        this.manager = requireNonNull(manager, "manager is null");
    }

    /** The keys that may log in as {@code user}; none for names that are no sliver's. */
    List<String> keys(String user) {
        if (user.equals(OPERATOR)) {
            return manager.accounts().root();
        }
        return vm(user).map(vm -> vm.rspec().keys()).orElse(List.of());
    }

    Optional<Login> login(String user) {
        if (user.equals(OPERATOR)) {
            return Optional.of(new Login(user, SliceNames.OWNER_VM));
        }
        return vm(user).map(vm -> new Login(user, vm.name()));
    }

    private Optional<VmRecord> vm(String user) {
        try {
            VmRecord vm = manager.getVm(Caller.HOST_ROOT, SliceNames.check(user));
            return vm.phase() == VmPhase.DESTROYING ? Optional.empty() : Optional.of(vm);
        } catch (PlanetLabException e) {
            return Optional.empty();
        }
    }
}
