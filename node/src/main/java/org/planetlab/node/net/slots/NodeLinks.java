package org.planetlab.node.net.slots;

import static java.util.Objects.requireNonNull;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.planetlab.node.net.kernel.NamespaceThread;
import org.planetlab.node.net.kernel.NetlinkSocket;
import org.planetlab.node.net.kernel.NodeSockets;
import org.planetlab.node.net.layout.SliverNetworkConfig;
import org.planetlab.node.net.layout.SlotLayout;

/**
 * Builds the node side of slots over the routing netlink socket in the node's namespace: one
 * transaction makes every veth pair (the node's end up, the sliver's end in its namespace), one
 * routes every sliver address to its device. What {@code ip -batch} did, without starting a
 * process per batch of slots.
 */
final class NodeLinks {
    private final SliverNetworkConfig config;
    private final SlotLayout layout;
    private NetlinkSocket socket;
    private NodeSockets node;

    NodeLinks(SliverNetworkConfig config, SlotLayout layout) {
        this.config = requireNonNull(config, "config is null");
        this.layout = requireNonNull(layout, "layout is null");
    }

    /** Talks netlink from now on (none: the builder keeps starting ip). */
    synchronized void use(NetlinkSocket route, NodeSockets nodeSockets) {
        this.socket = requireNonNull(route, "route is null");
        this.node = requireNonNull(nodeSockets, "nodeSockets is null");
    }

    synchronized boolean overNetlink() {
        return socket != null;
    }

    /** Makes the slots' veth pairs and routes; their namespaces must exist. */
    synchronized void create(List<Integer> slots) {
        List<Integer> descriptors = new ArrayList<>();
        try {
            int first = socket.reserveSequences(slots.size());
            ByteArrayOutputStream requests = new ByteArrayOutputStream();
            int sequence = first;
            for (int slot : slots) {
                int descriptor = NamespaceThread.openDescriptor(layout.namespacePath(slot));
                descriptors.add(descriptor);
                requests.writeBytes(NodeLinkMessages.vethPair(layout.hostDevice(slot), config.sliverDevice(), descriptor, sequence++));
            }
            socket.transact(requests.toByteArray(), first, sequence - 1, "creating the links of slots " + slots);
        } finally {
            descriptors.forEach(NamespaceThread::closeDescriptor);
        }
        Map<String, Integer> indices = node.interfaceIndices(slots.stream().map(layout::hostDevice).toList());
        int first = socket.reserveSequences(slots.size());
        ByteArrayOutputStream routes = new ByteArrayOutputStream();
        int sequence = first;
        for (int slot : slots) {
            routes.writeBytes(NodeLinkMessages.hostRoute(layout.address(slot), indices.get(layout.hostDevice(slot)), sequence++));
        }
        socket.transact(routes.toByteArray(), first, sequence - 1, "routing the addresses of slots " + slots);
    }
}
