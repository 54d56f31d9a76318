package org.planetlab.node.net.slots;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import org.planetlab.node.net.NamespaceFactory;
import org.planetlab.node.net.filtering.FilterTable;
import org.planetlab.node.net.filtering.SetElementWriter;
import org.planetlab.node.net.kernel.NamespaceSysctls;
import org.planetlab.node.net.kernel.NamespaceThread;
import org.planetlab.node.net.kernel.NetlinkSocket;
import org.planetlab.node.net.kernel.NetworkCommands;
import org.planetlab.node.net.layout.LeafQueue;
import org.planetlab.node.net.layout.SliverNetworkConfig;
import org.planetlab.node.net.layout.SlotLayout;
import org.planetlab.node.net.shaping.ClassRates;
import org.planetlab.node.net.shaping.ClassWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds slots: for each, a named network namespace (made by the {@link NamespaceFactory}, by
 * default {@code ip netns add}) joined to the node by a veth pair, its address and routes, its HTB
 * class, and last its filter entries (which mark it complete). The veth pairs and routes go over
 * netlink when the network has a routing socket in the node's namespace ({@link NodeLinks}).
 * Several slots share one batch per tool; only the inside of each namespace needs its own
 * invocations. A failure leaves partial objects that the reaper removes.
 */
final class SlotBuilder {
    /** Lets a sliver's own root ping without raw sockets, and keeps IPv6 (unfiltered) off. */
    private static final List<String> SLIVER_SYSCTLS = List.of(
            "net.ipv4.ping_group_range=0 2147483647",
            "net.ipv6.conf.all.disable_ipv6=1",
            "net.ipv6.conf.default.disable_ipv6=1");
    /** The owner VM's copies are sent to this made-up MAC, so its IP stack ignores them. */
    private static final String MIRROR_MAC = "02:00:00:00:00:01";
    private static final Logger LOG = LoggerFactory.getLogger(SlotBuilder.class);

    private final NetworkCommands commands;
    private final SliverNetworkConfig config;
    private final SlotLayout layout;
    private final FilterTable filters;
    private final SetElementWriter elements;
    private final ClassWriter classes;
    private final NodeLinks links;
    private volatile boolean sliverSideProcesses;
    /** Makes the slots' namespaces. */
    private volatile NamespaceFactory namespaceFactory;

    SlotBuilder(NetworkCommands commands, SliverNetworkConfig config, SlotLayout layout, FilterTable filters,
            SetElementWriter elements, ClassWriter classes, NodeLinks links) {
        this.commands = requireNonNull(commands, "commands is null");
        this.config = requireNonNull(config, "config is null");
        this.layout = requireNonNull(layout, "layout is null");
        this.filters = requireNonNull(filters, "filters is null");
        this.classes = requireNonNull(classes, "classes is null");
        this.elements = requireNonNull(elements, "elements is null");
        this.links = requireNonNull(links, "links is null");
        this.namespaceFactory = new IpNamespaces(commands);
    }

    void useNamespaceFactory(NamespaceFactory factory) {
        this.namespaceFactory = requireNonNull(factory, "factory is null");
    }

    /** Builds complete, unassigned slots whose classes start with {@code rates}. */
    void build(List<Integer> slots, ClassRates rates, LeafQueue leaf) {
        if (slots.isEmpty()) {
            return;
        }
        namespaceFactory.create(slots.stream().map(layout::namespacePath).toList());
        if (links.overNetlink()) {
            links.create(slots);
        } else {
            commands.ipBatch(slots.stream().flatMap(slot -> nodeSide(slot).stream()).toList());
        }
        configureSliverSides(slots);
        classes.create(slots, rates, leaf);
        elements.add(filters.addSlots(slots), "completing slots " + slots);
    }

    /**
     * Configures the sliver ends from a thread inside their namespaces (sysctls through
     * {@code /proc/sys}, the rest through a routing netlink socket); if that fails, once and for
     * all, with {@code sysctl} and {@code ip -n ... -batch} processes.
     */
    private void configureSliverSides(List<Integer> slots) {
        if (!sliverSideProcesses) {
            try {
                NamespaceThread.runInEach(slots.stream().map(layout::namespacePath).toList(), "sliver-side",
                        namespace -> configureHere(layout.slotOfNamespace(namespace.getFileName().toString()).orElseThrow()));
                return;
            } catch (RuntimeException | LinkageError e) {
                LOG.warn("configuring sliver namespaces will start sysctl and ip: {}", e.toString());
                sliverSideProcesses = true;
            }
        }
        for (int slot : slots) {
            commands.sysctlInNamespace(layout.namespacePath(slot).toString(), SLIVER_SYSCTLS);
            commands.ipBatchInNamespace(layout.namespaceName(slot), sliverSide(slot));
        }
    }

    /** Runs on a thread that is in the slot's namespace. */
    private void configureHere(int slot) {
        NamespaceSysctls.writeHere(SLIVER_SYSCTLS);
        try (NetlinkSocket socket = NetlinkSocket.openHere(NetlinkSocket.ROUTE)) {
            int first = socket.reserveSequences(SliverLinkMessages.REQUESTS);
            byte[] requests = SliverLinkMessages.encode(NetlinkSocket.interfaceIndex(config.sliverDevice()),
                    layout.address(slot), layout.gateway(), first);
            socket.transact(requests, first, first + SliverLinkMessages.REQUESTS - 1,
                    "configuring " + layout.namespaceName(slot));
        }
    }

    /** Links the owner VM's namespace to the node with a device that receives the mirrored copies. */
    void buildMirror(int ownerSlot) {
        String device = layout.mirrorDevice();
        String address = layout.mirrorAddress().getHostAddress();
        commands.ipBatchIgnoringFailures(List.of("link del " + device));
        commands.ipBatch(List.of(
                "link add " + device + " type veth peer name " + layout.ownerMirrorDevice() + " netns "
                        + layout.namespaceName(ownerSlot),
                "link set " + device + " up",
                "route replace " + address + "/32 dev " + device + " metric 10",
                "neigh replace " + address + " lladdr " + MIRROR_MAC + " dev " + device + " nud permanent"));
        commands.ipBatchInNamespace(layout.namespaceName(ownerSlot),
                List.of("link set " + layout.ownerMirrorDevice() + " up"));
    }

    private List<String> nodeSide(int slot) {
        String device = layout.hostDevice(slot);
        return List.of(
                "link add " + device + " type veth peer name " + config.sliverDevice() + " netns " + layout.namespaceName(slot),
                "link set " + device + " up",
                "route replace " + layout.address(slot).getHostAddress() + "/32 dev " + device);
    }

    private List<String> sliverSide(int slot) {
        String device = config.sliverDevice();
        return List.of(
                "link set lo up",
                "addr add " + layout.address(slot).getHostAddress() + "/32 dev " + device,
                "link set " + device + " up",
                "route add default via " + layout.gateway().getHostAddress() + " dev " + device + " onlink");
    }
}
