package org.planetlab.node.state;

import static java.util.Objects.requireNonNull;

import org.planetlab.api.rspec.Rspec;

/**
 * A resource pool (Architecture §4.3): resources not yet bound to a VM.
 *
 * @param rcap the capability naming the pool; whoever holds it may use the pool
 * @param slice the slice allowed to learn this rcap through GetRcap
 * @param rspec what the pool holds
 */
public record PoolRecord(String rcap, String slice, Rspec rspec) {
    public PoolRecord {
        requireNonNull(rcap, "rcap is null");
        SliceNames.check(slice);
        requireNonNull(rspec, "rspec is null");
    }

    public PoolRecord withRspec(Rspec newRspec) {
        return new PoolRecord(rcap, slice, newRspec);
    }
}
