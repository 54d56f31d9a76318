package org.planetlab.node.net.shaping;

import java.util.HashMap;
import java.util.Map;
import org.planetlab.node.net.SliverNetworkSpec;

/** Slivers whose class counters the test sets; records the monitor's cuts. */
final class FakeShapedTraffic implements ShapedTraffic {
    private final Map<String, SliverNetworkSpec> specs = new HashMap<>();
    private final Map<String, Long> counters = new HashMap<>();
    private final Map<String, Boolean> limited = new HashMap<>();
    private int changes;

    synchronized void attach(SliverNetworkSpec spec) {
        specs.put(spec.sliverName(), spec);
        counters.put(spec.sliverName(), 0L);
        limited.put(spec.sliverName(), false);
    }

    synchronized void detach(String name) {
        specs.remove(name);
        counters.remove(name);
        limited.remove(name);
    }

    synchronized void setCounter(String name, long bytes) {
        counters.put(name, bytes);
    }

    synchronized boolean limited(String name) {
        return limited.get(name);
    }

    synchronized int changes() {
        return changes;
    }

    @Override
    public synchronized Map<String, ShapedSliver> shapedSlivers() {
        Map<String, ShapedSliver> slivers = new HashMap<>();
        specs.forEach((name, spec) -> slivers.put(name, new ShapedSliver(spec, counters.get(name), limited.get(name))));
        return slivers;
    }

    @Override
    public synchronized void limitToSustained(String sliverName, boolean limit) {
        if (specs.containsKey(sliverName)) {
            limited.put(sliverName, limit);
            changes++;
        }
    }
}
