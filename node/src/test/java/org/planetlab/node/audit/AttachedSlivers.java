package org.planetlab.node.audit;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.planetlab.node.net.SliverNetwork;
import org.planetlab.node.net.SliverNetworkHandle;
import org.planetlab.node.net.SliverNetworkSpec;
import org.planetlab.node.net.TrafficCounters;

/**
 * A sliver network that only keeps which slivers are attached (their handles, put in by the
 * test) and whether it was closed; its veths' counters can miss slivers, as one reading of the
 * kernel's statistics may.
 */
public final class AttachedSlivers implements SliverNetwork {
    public final Map<String, SliverNetworkHandle> handles = new HashMap<>();
    public final Set<String> missingFromCounters = new HashSet<>();
    public boolean closed;

    @Override
    public void start() {}

    @Override
    public SliverNetworkHandle attach(SliverNetworkSpec spec) {
        throw new UnsupportedOperationException("the test puts handles in itself");
    }

    @Override
    public void update(SliverNetworkSpec spec) {}

    @Override
    public void detach(String sliverName) {
        handles.remove(sliverName);
    }

    @Override
    public void reconcile(Collection<SliverNetworkSpec> desired) {
        handles.keySet().retainAll(desired.stream().map(SliverNetworkSpec::sliverName).toList());
    }

    @Override
    public Optional<SliverNetworkHandle> handle(String sliverName) {
        return Optional.ofNullable(handles.get(sliverName));
    }

    @Override
    public Map<String, TrafficCounters> counters() {
        Map<String, TrafficCounters> counters = new HashMap<>();
        handles.keySet().stream().filter(name -> !missingFromCounters.contains(name))
                .forEach(name -> counters.put(name, new TrafficCounters(0, 0, 0, 0)));
        return counters;
    }

    @Override
    public void setNodeRate(long kilobitsPerSecond) {}

    @Override
    public void close() {
        closed = true;
    }
}
