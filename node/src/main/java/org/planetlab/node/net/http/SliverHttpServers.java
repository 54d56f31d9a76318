package org.planetlab.node.net.http;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.api.rspec.HttpName;
import org.planetlab.node.net.SliverNetworkHandle;
import org.planetlab.node.net.ports.PortHold;
import org.planetlab.node.net.ports.PortKey;
import org.planetlab.node.net.ports.PortedSliverNetwork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The slices' HTTP servers by name, now: each sliver with a {@code codemux} attribute, at its
 * private address and the attribute's port, reachable only while the port table says the slice
 * holds that TCP port (by reservation or by listening), so a slice can never be named onto a port
 * another slice holds. A value the node cannot read is skipped (PLC checks it before it is set).
 */
public final class SliverHttpServers implements Supplier<List<HttpNames.SliceServer>> {
    private static final Logger LOG = LoggerFactory.getLogger(SliverHttpServers.class);

    private final Supplier<Map<String, String>> codemuxBySliver;
    private final PortedSliverNetwork network;

    /** @param codemuxBySliver the {@code codemux} value of each sliver that has one */
    public SliverHttpServers(Supplier<Map<String, String>> codemuxBySliver, PortedSliverNetwork network) {
        this.codemuxBySliver = requireNonNull(codemuxBySliver, "codemuxBySliver is null");
        this.network = requireNonNull(network, "network is null");
    }

    @Override
    public List<HttpNames.SliceServer> get() {
        Set<PortHold> holds = Set.copyOf(network.ports().holds());
        List<HttpNames.SliceServer> servers = new ArrayList<>();
        codemuxBySliver.get().forEach((sliver, value) -> {
            HttpName name;
            try {
                name = HttpName.parse(value);
            } catch (PlanetLabException e) {
                LOG.debug("sliver {}: {}", sliver, e.getMessage());
                return;
            }
            Optional<SliverNetworkHandle> handle = network.handle(sliver);
            if (handle.isEmpty()) {
                return;
            }
            boolean held = holds.stream().anyMatch(hold -> hold.key().equals(PortKey.tcp(name.port()))
                    && hold.sliverName().equals(sliver));
            servers.add(new HttpNames.SliceServer(sliver, name.name(), handle.get().sliverAddress().getHostAddress(),
                    name.port(), held));
        });
        return servers;
    }
}
