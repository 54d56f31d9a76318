package org.planetlab.bench.node;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.planetlab.node.host.HostCommand;
import org.planetlab.node.net.SliverNetwork;
import org.planetlab.node.net.SliverNetworkHandle;
import org.planetlab.node.net.SliverNetworkSpec;
import org.planetlab.node.net.TrafficCounters;

/**
 * The benchmark's sliver network: one bare named network namespace per sliver ({@code ip netns
 * add}), so the figures measure the sliver runtime and a namespace per sliver, not
 * the shaping and filtering of the real network (measured by its own benchmark).
 */
final class BareNamespaceNetwork implements SliverNetwork {
    private static final HostCommand HOST = HostCommand.onHost();
    private final String prefix;
    /** Time spent creating namespaces, to tell the network's share of a create from the runtime's. */
    final java.util.concurrent.atomic.AtomicLong attachNanos = new java.util.concurrent.atomic.AtomicLong();

    BareNamespaceNetwork(String prefix) {
        this.prefix = prefix;
    }

    @Override
    public void start() {}

    @Override
    public SliverNetworkHandle attach(SliverNetworkSpec spec) {
        String name = prefix + "-" + spec.sliverName();
        Path path = Path.of("/run/netns", name);
        if (!path.toFile().exists()) {
            long started = System.nanoTime();
            HOST.run(List.of("ip", "netns", "add", name));
            attachNanos.addAndGet(System.nanoTime() - started);
        }
        return new SliverNetworkHandle(spec.sliverName(), path, InetAddress.getLoopbackAddress(), "lo");
    }

    @Override
    public void update(SliverNetworkSpec spec) {}

    @Override
    public void detach(String sliverName) {
        if (Path.of("/run/netns", prefix + "-" + sliverName).toFile().exists()) {
            HOST.run(List.of("ip", "netns", "del", prefix + "-" + sliverName));
        }
    }

    @Override
    public void reconcile(Collection<SliverNetworkSpec> desired) {
        Set<String> wanted = desired.stream().map(spec -> prefix + "-" + spec.sliverName()).collect(Collectors.toSet());
        HOST.run(List.of("ip", "netns", "list")).lines().map(line -> line.split(" ")[0])
                .filter(name -> name.startsWith(prefix + "-") && !wanted.contains(name))
                .forEach(name -> HOST.run(List.of("ip", "netns", "del", name)));
    }

    @Override
    public Map<String, TrafficCounters> counters() {
        return new HashMap<>();
    }

    @Override
    public void setNodeRate(long kilobitsPerSecond) {}

    @Override
    public void close() {
        reconcile(List.of());
    }
}
