package org.planetlab.node.scs;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.api.rspec.RspecAttribute;
import org.planetlab.api.rspec.Rspec;
import org.planetlab.api.rspec.RspecWire;

/**
 * Turns the owner's pools for a slice authority into slivers (Architecture §4.3): SplitPool takes
 * exactly the sliver's resources out of a pool that holds them, and Bind makes the VM from the
 * split-off part (or adds it to the VM if it exists). A part split off but not bound (the service
 * was killed between the two calls) is a pool of exactly one sliver's resources; it is bound
 * as it is the next time a sliver needs exactly that.
 */
final class SliverAllocator {
    private final NodeManagerLink nodeManager;

    SliverAllocator(NodeManagerLink nodeManager) {
        this.nodeManager = requireNonNull(nodeManager, "nodeManager is null");
    }

    /**
     * Creates (or grows) the VM {@code name} with {@code resources} from a pool of {@code authority};
     * {@code keys} are installed with it.
     *
     * @throws PlanetLabException {@code QUOTA_EXCEEDED} if no pool of the authority holds that much
     */
    LocalVm bind(String authority, String name, Rspec resources, List<String> keys) {
        Rspec part = resources.withoutAuthority().withKeys(List.of());
        Rspec extras = Rspec.EMPTY.withKeys(keys);
        List<Pool> pools = pools(authority);
        if (pools.isEmpty()) {
            throw new PlanetLabException(ErrorCode.QUOTA_EXCEEDED, "the node's owner gave slice authority " + authority
                    + " no resources here (no pool)");
        }
        for (Pool pool : pools) {
            if (pool.rspec().attributes().equals(part.attributes())) {
                return bind(pool.rcap(), name, extras);
            }
        }
        PlanetLabException shortage = null;
        for (Pool pool : pools) {
            String child;
            try {
                child = (String) nodeManager.call("SplitPool", Map.of("rcap", pool.rcap(), "rspec", RspecWire.toWire(part)));
            } catch (PlanetLabException e) {
                if (e.code() != ErrorCode.QUOTA_EXCEEDED) {
                    throw e;
                }
                shortage = e;
                continue;
            }
            return bind(child, name, extras);
        }
        throw new PlanetLabException(ErrorCode.QUOTA_EXCEEDED, "no pool of slice authority " + authority + " on this node holds what "
                + name + " asks for: " + shortage.getMessage());
    }

    private LocalVm bind(String rcap, String name, Rspec extras) {
        return LocalVm.of(nodeManager.callForMap("Bind", Map.of("rcap", rcap, "slice", name, "rspec", RspecWire.toWire(extras))));
    }

    /** The service's pools handed to {@code authority}, largest CPU share first. */
    private List<Pool> pools(String authority) {
        List<Pool> pools = new ArrayList<>();
        for (Object rcap : nodeManager.callForList("GetRcap", Map.of())) {
            Rspec rspec = RspecWire.fromWire(nodeManager.call("GetRspec", Map.of("rcap", rcap)));
            if (rspec.authority().equals(authority)) {
                pools.add(new Pool((String) rcap, rspec));
            }
        }
        pools.sort((one, other) -> Long.compare(other.rspec().count(RspecAttribute.CPU_SHARE), one.rspec().count(RspecAttribute.CPU_SHARE)));
        return pools;
    }

    private record Pool(String rcap, Rspec rspec) {}
}
