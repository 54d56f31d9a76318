package org.planetlab.node.manager;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.api.rspec.Rspec;
import org.planetlab.node.state.NodeStateStore;
import org.planetlab.node.state.PoolRecord;
import org.planetlab.node.state.SliceNames;
import org.planetlab.node.state.VmRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's pools of resources, each named by its rcap: made, split, handed out and consumed,
 * every change written to the durable table before the in-memory one. Not thread-safe: the node
 * manager calls it holding its own lock.
 */
final class PoolLedger {
    private static final Logger LOG = LoggerFactory.getLogger(PoolLedger.class);

    private final NodeStateStore store;
    private final VmTable table;
    private final Rcaps rcaps;

    PoolLedger(NodeStateStore store, VmTable table, Rcaps rcaps) {
        this.store = requireNonNull(store, "store is null");
        this.table = requireNonNull(table, "table is null");
        this.rcaps = requireNonNull(rcaps, "rcaps is null");
    }

    String create(Caller caller, Rspec rspec, String slice) {
        PoolRecord pool = new PoolRecord(rcaps.next(), SliceNames.check(slice), requireNonNull(rspec, "rspec is null"));
        store.savePool(pool);
        table.putPool(pool);
        LOG.info("{} created pool {} for slice {}", caller, Rcaps.fingerprint(pool.rcap()), slice);
        return pool.rcap();
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

    String split(String rcap, Rspec part) {
        PoolRecord pool = get(rcap);
        Rspec remaining = pool.rspec().split(part);
        PoolRecord child = new PoolRecord(rcaps.next(), pool.slice(),
                new Rspec(part.attributes(), part.keys(), "", "").withAuthorityOf(pool.rspec()));
        // Shrink the parent first: a crash between the writes loses the part, never doubles it.
        store.savePool(pool.withRspec(remaining));
        table.putPool(pool.withRspec(remaining));
        store.savePool(child);
        table.putPool(child);
        LOG.info("pool {} split into {}", Rcaps.fingerprint(rcap), Rcaps.fingerprint(child.rcap()));
        return child.rcap();
    }

    /** Removes a pool a bind used up. */
    void consume(String rcap) {
        store.consumePool(rcap);
        table.removePool(rcap);
    }

    /** Removes a pool outright (a crash left it consumed, or a reinstall). */
    void delete(String rcap) {
        store.deletePool(rcap);
        table.removePool(rcap);
    }

    static PlanetLabException unknownRcap() {
        return PlanetLabException.notFound("no pool or VM is named by that rcap on this node");
    }
}
