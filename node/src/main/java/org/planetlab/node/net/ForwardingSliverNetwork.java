package org.planetlab.node.net;

import static java.util.Objects.requireNonNull;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * A sliver network that adds something of its own (auditing, inbound ports) around another and
 * passes every operation it does not change on to it unchanged.
 */
public abstract class ForwardingSliverNetwork implements SliverNetwork {
    /** The network underneath. */
    protected final SliverNetwork network;

    protected ForwardingSliverNetwork(SliverNetwork network) {
        this.network = requireNonNull(network, "network is null");
    }

    /** The first network of {@code type} in the chain that starts at {@code network}, if any. */
    public static <T extends SliverNetwork> Optional<T> find(SliverNetwork network, Class<T> type) {
        for (SliverNetwork current = network; current != null;
                current = current instanceof ForwardingSliverNetwork forwarding ? forwarding.network : null) {
            if (type.isInstance(current)) {
                return Optional.of(type.cast(current));
            }
        }
        return Optional.empty();
    }

    @Override
    public void start() {
        network.start();
    }

    @Override
    public SliverNetworkHandle attach(SliverNetworkSpec spec) {
        return network.attach(spec);
    }

    @Override
    public void update(SliverNetworkSpec spec) {
        network.update(spec);
    }

    @Override
    public void detach(String sliverName) {
        network.detach(sliverName);
    }

    @Override
    public void reconcile(Collection<SliverNetworkSpec> desired) {
        network.reconcile(desired);
    }

    @Override
    public void useNamespaceFactory(NamespaceFactory factory) {
        network.useNamespaceFactory(factory);
    }

    @Override
    public Optional<SliverNetworkHandle> handle(String sliverName) {
        return network.handle(sliverName);
    }

    @Override
    public Map<String, TrafficCounters> counters() {
        return network.counters();
    }

    @Override
    public void setNodeRate(long kilobitsPerSecond) {
        network.setNodeRate(kilobitsPerSecond);
    }

    @Override
    public void setBlockedDestinations(Collection<Ipv4Cidr> destinations) {
        network.setBlockedDestinations(destinations);
    }

    @Override
    public void mirrorToOwner(Collection<String> sliverNames) {
        network.mirrorToOwner(sliverNames);
    }

    @Override
    public void close() {
        network.close();
    }
}
