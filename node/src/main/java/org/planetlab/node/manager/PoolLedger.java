package org.planetlab.node.manager;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.api.rspec.Rspec;
import org.planetlab.node.state.PoolRecord;
import org.planetlab.node.state.SliceNames;
import org.planetlab.node.state.StateChange;
import org.planetlab.node.state.VmRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's pools of resources, each named by its rcap: made, split, handed out and consumed,
 * every change made through {@link ControllerState#apply}. Used on the controller thread only.
 */
final class PoolLedger {
    private static final Logger LOG = LoggerFactory.getLogger(PoolLedger.class);

    private final ControllerState state;
    private final VmTable table;
    private final Rcaps rcaps;

    PoolLedger(ControllerState state, Rcaps rcaps) {
        this.state = requireNonNull(state, "state is null");
        this.table = state.table;
        this.rcaps = requireNonNull(rcaps, "rcaps is null");
    }

    PoolRecord create(Caller caller, Rspec rspec, String slice) {
        PoolRecord pool = new PoolRecord(rcaps.next(), SliceNames.check(slice), requireNonNull(rspec, "rspec is null"));
        state.apply(new StateChange.PoolSaved(pool));
        LOG.info("{} created pool {} for slice {}", caller, Rcaps.fingerprint(pool.rcap()), slice);
        return pool;
    }

    PoolRecord get(String rcap) {
        return table.pool(requireNonNull(rcap, "rcap is null")).orElseThrow(PoolLedger::unknownRcap);
    }

    /** The rcaps of the pools the caller may see, sorted. */
    List<String> rcapsFor(Caller caller) {
        return table.pools().stream().filter(pool -> VmAccess.maySee(caller, pool)).map(PoolRecord::rcap).sorted().toList();
    }

    /** The resources of the pool or VM that {@code rcap} names. */
    Rspec rspec(String rcap) {
        requireNonNull(rcap, "rcap is null");
        return table.pool(rcap).map(PoolRecord::rspec).or(() -> table.vmByRcap(rcap).map(VmRecord::rspec))
                .orElseThrow(PoolLedger::unknownRcap);
    }

    PoolRecord split(String rcap, Rspec part) {
        return split(rcap, part, true);
    }

    /**
     * Splits a part that is bound right away: the split is not flushed on its own but with the
     * bound VM's record, so a create waits for one flush, not two.
     */
    PoolRecord splitForBind(String rcap, Rspec part) {
        return split(rcap, part, false);
    }

    private PoolRecord split(String rcap, Rspec part, boolean flushed) {
        PoolRecord pool = get(rcap);
        Rspec remaining = pool.rspec().split(part);
        PoolRecord child = new PoolRecord(rcaps.next(), pool.slice(),
                new Rspec(part.attributes(), part.keys(), "", "").withAuthorityOf(pool.rspec()));
        StateChange.PoolSplit split = new StateChange.PoolSplit(pool.withRspec(remaining), child);
        if (flushed) {
            state.apply(split);
        } else {
            state.applyLater(split);
        }
        LOG.info("pool {} split into {}", Rcaps.fingerprint(rcap), Rcaps.fingerprint(child.rcap()));
        return child;
    }

    /** Removes a pool a bind used up. */
    void consume(String rcap) {
        state.apply(new StateChange.PoolConsumed(rcap));
    }

    /** Removes a pool outright (a crash left it consumed, or a reinstall). */
    void delete(String rcap) {
        state.apply(new StateChange.PoolDeleted(rcap));
    }

    static PlanetLabException unknownRcap() {
        return PlanetLabException.notFound("no pool or VM is named by that rcap on this node");
    }
}
