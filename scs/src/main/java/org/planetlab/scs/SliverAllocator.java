package org.planetlab.scs;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.api.nodemanager.NodeManagerOperations;
import org.planetlab.api.nodemanager.NodeManagerRequests;
import org.planetlab.api.rspec.Rspec;
import org.planetlab.api.rspec.RspecAttribute;

/**
 * Turns the owner's pools for a slice authority into slivers (Architecture §4.3): SplitAndBind
 * takes exactly the sliver's resources out of a pool that holds them and makes the VM from them
 * (or adds them to the VM if it exists), in one call to the node manager. A part split off but not
 * bound (the agent failed between the two steps) is a pool of exactly one sliver's resources; it
 * is taken whole the next time a sliver needs exactly that.
 *
 * <p>The service's pools are remembered between creations, so that a creation is one round trip;
 * they are read again when the node manager refuses a pool the service remembers (used up,
 * removed, or grown smaller than the memory says) and before giving up.
 */
final class SliverAllocator {
    private final NodeManagerLink nodeManager;
    /** The service's pools per authority, largest CPU share first, as last read. */
    private final Map<String, List<Pool>> pools = new HashMap<>();

    SliverAllocator(NodeManagerLink nodeManager) {
        this.nodeManager = requireNonNull(nodeManager, "nodeManager is null");
    }

    /**
     * Creates (or grows) the VM {@code name} with {@code resources} from a pool of {@code authority};
     * {@code keys} are installed with it. {@code sliceId} is the authority's id of the slice (0 if
     * not known), which the node's flow audit names the sliver's traffic by.
     *
     * @throws PlanetLabException {@code QUOTA_EXCEEDED} if no pool of the authority holds that much
     */
    synchronized LocalVm bind(String authority, String name, Rspec resources, List<String> keys, long sliceId) {
        Rspec part = resources.withoutAuthority().withKeys(List.of());
        Rspec extras = Rspec.EMPTY.withKeys(keys);
        boolean fresh = !pools.containsKey(authority);
        while (true) {
            List<Pool> known = pools.computeIfAbsent(authority, this::read);
            if (known.isEmpty()) {
                if (fresh) {
                    throw new PlanetLabException(ErrorCode.QUOTA_EXCEEDED, "the node's owner gave slice authority " + authority
                            + " no resources here (no pool)");
                }
                pools.remove(authority);
                fresh = true;
                continue;
            }
            PlanetLabException refusal = null;
            for (Pool pool : ordered(known, part)) {
                try {
                    LocalVm vm = LocalVm.of(nodeManager.call(NodeManagerOperations.SPLIT_AND_BIND,
                            new NodeManagerRequests.SplitAndBind(pool.rcap(), part, name, extras, sliceId)));
                    if (pool.rspec().attributes().equals(part.attributes())) {
                        known.remove(pool); // taken whole
                    }
                    return vm;
                } catch (PlanetLabException e) {
                    if (e.code() != ErrorCode.QUOTA_EXCEEDED && e.code() != ErrorCode.NOT_FOUND) {
                        throw e;
                    }
                    refusal = e;
                }
            }
            if (fresh) {
                throw new PlanetLabException(ErrorCode.QUOTA_EXCEEDED, "no pool of slice authority " + authority
                        + " on this node holds what " + name + " asks for: " + refusal.getMessage());
            }
            pools.remove(authority);
            fresh = true;
        }
    }

    /** A pool of exactly the part first (a part split off but never bound), then the largest. */
    private static List<Pool> ordered(List<Pool> known, Rspec part) {
        List<Pool> ordered = new ArrayList<>(known);
        ordered.sort(Comparator.comparing((Pool pool) -> !pool.rspec().attributes().equals(part.attributes())));
        return ordered;
    }

    /** The service's pools handed to {@code authority}, largest CPU share first. */
    private List<Pool> read(String authority) {
        List<Pool> read = new ArrayList<>();
        for (String rcap : nodeManager.call(NodeManagerOperations.GET_RCAP, NodeManagerRequests.Nothing.INSTANCE)) {
            Rspec rspec = nodeManager.call(NodeManagerOperations.GET_RSPEC, new NodeManagerRequests.Rcap(rcap));
            if (rspec.authority().equals(authority)) {
                read.add(new Pool(rcap, rspec));
            }
        }
        read.sort((one, other) -> Long.compare(other.rspec().count(RspecAttribute.CPU_SHARE), one.rspec().count(RspecAttribute.CPU_SHARE)));
        return read;
    }

    private record Pool(String rcap, Rspec rspec) {}
}
