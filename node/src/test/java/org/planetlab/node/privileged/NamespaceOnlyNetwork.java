package org.planetlab.node.privileged;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.planetlab.node.host.HostCommand;
import org.planetlab.node.net.NamespaceFactory;
import org.planetlab.node.net.SliverNetwork;
import org.planetlab.node.net.SliverNetworkHandle;
import org.planetlab.node.net.SliverNetworkSpec;
import org.planetlab.node.net.TrafficCounters;

/**
 * Test double of the sliver network: each sliver gets a bare named network namespace with only
 * loopback, {@code <prefix>-<sliver>}, made by the runtime's namespace factory when it gave one
 * (so it belongs to the sliver's user namespace), else with {@code ip netns add}. Enough for
 * everything but traffic.
 */
final class NamespaceOnlyNetwork implements SliverNetwork {
    private static final HostCommand HOST = HostCommand.onHost();
    private final String prefix;
    private volatile NamespaceFactory factory;

    NamespaceOnlyNetwork(String prefix) {
        this.prefix = prefix;
    }

    @Override
    public void start() {}

    @Override
    public void useNamespaceFactory(NamespaceFactory namespaceFactory) {
        this.factory = namespaceFactory;
    }

    @Override
    public SliverNetworkHandle attach(SliverNetworkSpec spec) {
        String name = prefix + "-" + spec.sliverName();
        if (!existing().contains(name)) {
            if (factory != null) {
                factory.create(List.of(Path.of("/run/netns", name)));
            } else {
                HOST.run(List.of("ip", "netns", "add", name));
            }
            HOST.run(List.of("ip", "-n", name, "link", "set", "lo", "up"));
        }
        return new SliverNetworkHandle(spec.sliverName(), Path.of("/run/netns", name), InetAddress.getLoopbackAddress(), "lo");
    }

    @Override
    public void update(SliverNetworkSpec spec) {}

    @Override
    public void detach(String sliverName) {
        String name = prefix + "-" + sliverName;
        if (existing().contains(name)) {
            delete(name);
        }
    }

    private void delete(String name) {
        if (factory != null) {
            factory.delete(List.of(Path.of("/run/netns", name)));
        } else {
            HOST.run(List.of("ip", "netns", "del", name));
        }
    }

    @Override
    public void reconcile(Collection<SliverNetworkSpec> desired) {
        Set<String> wanted = desired.stream().map(spec -> prefix + "-" + spec.sliverName()).collect(Collectors.toSet());
        for (String name : existing()) {
            if (!wanted.contains(name)) {
                delete(name);
            }
        }
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

    /** This double's namespaces that exist now. */
    Set<String> existing() {
        return HOST.run(List.of("ip", "netns", "list")).lines().map(line -> line.split(" ")[0])
                .filter(name -> name.startsWith(prefix + "-")).collect(Collectors.toSet());
    }
}
