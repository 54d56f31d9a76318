package org.planetlab.node.net.slots;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.node.host.HostCommand;
import org.planetlab.node.net.Ipv4Cidr;
import org.planetlab.node.net.NamespaceFactory;
import org.planetlab.node.net.SliverNetwork;
import org.planetlab.node.net.SliverNetworkHandle;
import org.planetlab.node.net.SliverNetworkSpec;
import org.planetlab.node.net.TrafficCounters;
import org.planetlab.node.net.filtering.FilterTable;
import org.planetlab.node.net.filtering.SetElementWriter;
import org.planetlab.node.net.kernel.NetlinkSocket;
import org.planetlab.node.net.kernel.NetworkCommands;
import org.planetlab.node.net.kernel.NodeSockets;
import org.planetlab.node.net.layout.LeafQueue;
import org.planetlab.node.net.layout.SliverNetworkConfig;
import org.planetlab.node.net.layout.SlotLayout;
import org.planetlab.node.net.shaping.AdmissionControl;
import org.planetlab.node.net.shaping.ClassRates;
import org.planetlab.node.net.shaping.ClassReport;
import org.planetlab.node.net.shaping.ClassWriter;
import org.planetlab.node.net.shaping.ShapedTraffic;
import org.planetlab.node.net.shaping.TrafficClasses;
import org.planetlab.node.net.slots.SlotTable.Attached;
import org.planetlab.node.net.slots.SlotTable.Spare;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sliver networks made of Linux network namespaces, veth pairs, one HTB tree on the uplink and
 * one nftables table, all inside the node's network namespace (see {@code docs/node-network.md}).
 *
 * <p>Attaching takes a slot built in advance and puts it in service with one set update over
 * netlink (plus a class update when the sliver's rates differ from the spare's); detaching cuts
 * the slot off with one set update and leaves the removal of its objects to background work.
 */
public final class LinuxSliverNetwork implements SliverNetwork, ShapedTraffic {
    private static final Logger LOG = LoggerFactory.getLogger(LinuxSliverNetwork.class);
    private static final Duration BACKGROUND_TIMEOUT = Duration.ofMinutes(2);

    private final SliverNetworkConfig config;
    private final SlotLayout layout;
    private final NetworkCommands commands;
    private final FilterTable filters;
    private final TrafficClasses classes;
    private final KernelStateReader reader;
    private final SlotBuilder builder;
    private final SlotSupply supply;
    private final SlotReaper reaper;
    private final NodeObjects node;
    private final SetElementWriter elements;
    private final ClassWriter classWriter;
    private final NodeLinks links;
    private final BackgroundLane background;
    private final Object lock = new Object();
    private final SlotTable slots;
    private long nodeRateKbps;
    private LeafQueue leaf;
    private Set<String> mirroredSlivers = Set.of();
    private boolean started;
    private boolean closed;

    /**
     * @param config the agent's layout
     * @param nodeCommand runs tools in the node's network namespace: a prefix such as
     *     {@code nsenter --net=/run/netns/<node>} in the testbed, none when the agent itself runs
     *     in the node's namespace
     * @param backgroundExecutor runs spare building and removal, one task at a time
     */
    public LinuxSliverNetwork(SliverNetworkConfig config, HostCommand nodeCommand, Executor backgroundExecutor) {
        this.config = requireNonNull(config, "config is null");
        this.layout = new SlotLayout(config);
        this.commands = new NetworkCommands(requireNonNull(nodeCommand, "nodeCommand is null"));
        this.filters = new FilterTable(config, layout);
        this.classes = new TrafficClasses(config, layout);
        this.reader = new KernelStateReader(commands, config, layout, SlotLayout.NAMESPACE_DIRECTORY);
        this.elements = new SetElementWriter(commands, config.tableName());
        this.classWriter = new ClassWriter(commands, classes, layout);
        this.links = new NodeLinks(config, layout);
        this.builder = new SlotBuilder(commands, config, layout, filters, elements, classWriter, links);
        this.node = new NodeObjects(commands, config, layout, filters, classes);
        this.background = new BackgroundLane(requireNonNull(backgroundExecutor, "backgroundExecutor is null"));
        this.slots = new SlotTable(layout.slotCount());
        this.reaper = new SlotReaper(commands, layout, filters, classes, reader, classWriter, elements);
        this.supply = new SlotSupply(lock, slots, config, layout, filters, builder, reaper, elements, background);
        this.nodeRateKbps = config.nodeRateKbps();
    }

    @Override
    public void start() {
        synchronized (lock) {
            if (started) {
                return;
            }
            if (closed) {
                throw new PlanetLabException(ErrorCode.UNAVAILABLE, "the sliver network was closed");
            }
            nodeRateKbps = node.create();
            leaf = node.leaf();
            connectSockets();
            supply.setActiveLocked(true, leaf);
            adopt(reader.read());
            started = true;
        }
        supply.refill();
    }

    /** Talks netlink in the node's namespace from now on, when it can be proven to be the tools'. */
    private void connectSockets() {
        NodeSockets sockets = new NodeSockets(commands, config.nodeNamespace());
        if (!sockets.toolsRunThere()) {
            return;
        }
        NetlinkSocket netfilter = sockets.open(NetlinkSocket.NETFILTER);
        if (netfilter != null) {
            elements.use(netfilter);
        }
        NetlinkSocket route = sockets.open(NetlinkSocket.ROUTE);
        if (route != null) {
            classWriter.use(route, sockets.interfaceIndex(config.uplinkDevice()));
        }
        if (netfilter != null && route != null) {
            reaper.useNodeSockets(sockets);
            links.use(route, sockets);
        }
    }

    /** Takes over what a previous run left: slivers in service and spares; the rest is removed. */
    private void adopt(KernelState state) {
        List<Integer> remove = new ArrayList<>();
        Set<String> mirrored = new HashSet<>();
        for (int slot : state.allSlots()) {
            FilterTable.AssignedComment assigned = state.assigned().get(slot);
            ClassReport report = state.classes().get(slot);
            if (state.retired().contains(slot) || !state.complete(slot)) {
                remove.add(slot);
            } else if (assigned != null && slots.attached(assigned.sliverName()).isEmpty()) {
                SliverNetworkSpec spec = new SliverNetworkSpec(assigned.sliverName(), slot, report.rateKbps(),
                        report.ceilKbps(), report.ceilKbps(), assigned.ownerVm());
                slots.putAttached(new Attached(slot, spec, ClassRates.of(report.rateKbps(), report.ceilKbps()), false));
                if (state.mirrored().contains(slot)) {
                    mirrored.add(assigned.sliverName());
                }
            } else if (assigned == null && slots.spareCount() < config.spareSlots()) {
                slots.addSpare(slot, ClassRates.of(report.rateKbps(), report.ceilKbps()));
            } else {
                remove.add(slot);
            }
        }
        mirroredSlivers = Set.copyOf(mirrored);
        supply.retireAndRemoveLocked(remove, state);
        LOG.info("sliver network started: {} slivers taken over, {} spare slots, {} slots to remove",
                slots.allAttached().size(), slots.spareCount(), remove.size());
    }

    /** Spares built so far (with {@code ip netns add}) are replaced by ones the factory makes. */
    @Override
    public void useNamespaceFactory(NamespaceFactory factory) {
        requireNonNull(factory, "factory is null");
        synchronized (lock) {
            builder.useNamespaceFactory(factory);
            reaper.useNamespaceFactory(factory);
            supply.namespacesChangedLocked();
        }
        supply.refill();
    }

    @Override
    public SliverNetworkHandle attach(SliverNetworkSpec spec) {
        requireNonNull(spec, "spec is null");
        SliverNetworkHandle handle;
        synchronized (lock) {
            requireStarted();
            handle = attachLocked(spec);
        }
        supply.refillAfterTake();
        return handle;
    }

    private SliverNetworkHandle attachLocked(SliverNetworkSpec spec) {
        Optional<Attached> existing = slots.attached(spec.sliverName());
        if (existing.isPresent()) {
            if (!existing.get().spec().equals(spec)) {
                updateLocked(spec);
            }
            return handleOf(spec.sliverName(), existing.get().slot());
        }
        ClassRates rates = ClassRates.forSliver(spec, false);
        admission().admit(spec.sliverName(), rates.rateKbps());
        Spare spare = supply.takeLocked();
        try {
            if (!spare.rates().equals(rates)) {
                classWriter.change(spare.slot(), rates, leaf);
            }
            elements.add(filters.assign(spare.slot(), spec.sliverName(), spec.ownerVm(),
                    mirroredSlivers.contains(spec.sliverName())), "attaching sliver " + spec.sliverName());
            if (spec.ownerVm()) {
                builder.buildMirror(spare.slot());
            }
        } catch (RuntimeException e) {
            slots.markBusy(List.of(spare.slot()));
            supply.retireAndRemoveLocked(List.of(spare.slot()), null);
            throw e;
        }
        slots.putAttached(new Attached(spare.slot(), spec, rates, false));
        return handleOf(spec.sliverName(), spare.slot());
    }
    @Override
    public void update(SliverNetworkSpec spec) {
        requireNonNull(spec, "spec is null");
        synchronized (lock) {
            requireStarted();
            updateLocked(spec);
        }
    }

    private void updateLocked(SliverNetworkSpec spec) {
        Attached current = slots.attached(spec.sliverName()).orElseThrow(() -> PlanetLabException.notFound(
                "sliver " + spec.sliverName() + " has no network on this node; attach it first"));
        ClassRates rates = ClassRates.forSliver(spec, current.limitedToSustained());
        admission().admit(spec.sliverName(), rates.rateKbps());
        if (!rates.equals(current.rates())) {
            classWriter.change(current.slot(), rates, leaf);
        }
        if (spec.ownerVm() && !current.spec().ownerVm()) {
            builder.buildMirror(current.slot());
        }
        slots.putAttached(new Attached(current.slot(), spec, rates, current.limitedToSustained()));
    }

    @Override
    public void detach(String sliverName) {
        requireNonNull(sliverName, "sliverName is null");
        synchronized (lock) {
            requireStarted();
            Optional<Attached> attached = slots.attached(sliverName);
            if (attached.isEmpty()) {
                return;
            }
            elements.add(filters.retire(List.of(attached.get().slot())), "detaching sliver " + sliverName);
            slots.removeAttached(sliverName);
            slots.markBusy(List.of(attached.get().slot()));
            if (attached.get().spec().ownerVm()) {
                // Copies to the owner's mirror now hit a blackhole route; stop making them.
                mirroredSlivers = Set.of();
                background.submit("stop mirroring", () -> commands.nft(filters.mirroredScript(List.of())));
            }
            supply.removeLaterLocked(List.of(attached.get().slot()));
        }
    }

    @Override
    public void reconcile(Collection<SliverNetworkSpec> desired) {
        Map<String, SliverNetworkSpec> wanted = new LinkedHashMap<>();
        for (SliverNetworkSpec spec : requireNonNull(desired, "desired is null")) {
            if (wanted.put(spec.sliverName(), spec) != null) {
                throw PlanetLabException.invalidArgument("sliver " + spec.sliverName() + " is listed twice in the desired set");
            }
        }
        List<String> refused = new ArrayList<>();
        synchronized (lock) {
            requireStarted();
            KernelState state = reader.read();
            List<Integer> remove = new ArrayList<>();
            for (Attached attached : slots.allAttached()) {
                String name = attached.spec().sliverName();
                if (!wanted.containsKey(name) || !state.complete(attached.slot())) {
                    slots.removeAttached(name);
                    remove.add(attached.slot());
                }
            }
            slots.markBusy(remove);
            supply.retireAndRemoveLocked(remove, state);
            for (SliverNetworkSpec spec : wanted.values()) {
                try {
                    attachLocked(spec);
                } catch (PlanetLabException e) {
                    if (e.code() != ErrorCode.QUOTA_EXCEEDED) {
                        throw e;
                    }
                    refused.add(e.getMessage());
                }
            }
            slots.allAttached().stream().filter(attached -> attached.spec().ownerVm()).findFirst()
                    .filter(owner -> !state.mirrorDevice()).ifPresent(owner -> builder.buildMirror(owner.slot()));
        }
        supply.refill();
        background.awaitIdle(BACKGROUND_TIMEOUT);
        if (!refused.isEmpty()) {
            throw new PlanetLabException(ErrorCode.QUOTA_EXCEEDED, refused.size() + " slivers were not attached: "
                    + String.join("; ", refused));
        }
    }

    @Override
    public Optional<SliverNetworkHandle> handle(String sliverName) {
        synchronized (lock) {
            return slots.attached(sliverName).map(attached -> handleOf(sliverName, attached.slot()));
        }
    }

    @Override
    public Map<String, TrafficCounters> counters() {
        Map<String, JsonNode> statistics = reader.vethStatistics();
        Map<String, TrafficCounters> counters = new HashMap<>();
        synchronized (lock) {
            for (Attached attached : slots.allAttached()) {
                JsonNode device = statistics.get(layout.hostDevice(attached.slot()));
                if (device != null) {
                    // The node's end receives what the sliver sends.
                    counters.put(attached.spec().sliverName(), new TrafficCounters(
                            device.path("rx").path("bytes").asLong(), device.path("rx").path("packets").asLong(),
                            device.path("tx").path("bytes").asLong(), device.path("tx").path("packets").asLong()));
                }
            }
        }
        return counters;
    }

    @Override
    public void setNodeRate(long kilobitsPerSecond) {
        if (kilobitsPerSecond <= config.nodeReservedKbps()) {
            throw PlanetLabException.invalidArgument("the node's rate must be above the " + config.nodeReservedKbps()
                    + " kbit/s kept for the node's own traffic, was " + kilobitsPerSecond);
        }
        synchronized (lock) {
            requireStarted();
            admission().admitNodeRate(kilobitsPerSecond);
            List<String> lines = new ArrayList<>(classes.nodeClasses(kilobitsPerSecond));
            if (leaf.sizedByCeiling()) {
                lines.add(classes.nodeLeaf(leaf, kilobitsPerSecond));
            }
            commands.tcBatch(lines);
            nodeRateKbps = kilobitsPerSecond;
        }
    }

    @Override
    public void setBlockedDestinations(Collection<Ipv4Cidr> destinations) {
        List<Ipv4Cidr> list = List.copyOf(requireNonNull(destinations, "destinations is null"));
        synchronized (lock) {
            requireStarted();
            commands.nft(filters.blockedScript(list));
        }
    }

    @Override
    public void mirrorToOwner(Collection<String> sliverNames) {
        Set<String> names = Set.copyOf(requireNonNull(sliverNames, "sliverNames is null"));
        synchronized (lock) {
            requireStarted();
            if (slots.allAttached().stream().noneMatch(attached -> attached.spec().ownerVm())) {
                throw PlanetLabException.notFound("no owner VM is attached on this node to receive mirrored traffic");
            }
            List<Integer> mirrored = new ArrayList<>();
            for (String name : names) {
                mirrored.add(slots.attached(name).orElseThrow(() -> PlanetLabException.notFound(
                        "sliver " + name + " has no network on this node")).slot());
            }
            commands.nft(filters.mirroredScript(mirrored));
            mirroredSlivers = names;
        }
    }

    @Override
    public Map<String, ShapedSliver> shapedSlivers() {
        Map<Integer, ClassReport> reports = reader.classes();
        Map<String, ShapedSliver> shaped = new HashMap<>();
        synchronized (lock) {
            for (Attached attached : slots.allAttached()) {
                ClassReport report = reports.get(attached.slot());
                shaped.put(attached.spec().sliverName(), new ShapedSliver(attached.spec(),
                        report == null ? 0 : report.bytesSent(), attached.limitedToSustained()));
            }
        }
        return shaped;
    }

    @Override
    public void limitToSustained(String sliverName, boolean limited) {
        synchronized (lock) {
            Optional<Attached> attached = slots.attached(sliverName);
            if (attached.isEmpty() || attached.get().limitedToSustained() == limited) {
                return;
            }
            Attached current = attached.get();
            ClassRates rates = ClassRates.forSliver(current.spec(), limited);
            classWriter.change(current.slot(), rates, leaf);
            slots.putAttached(new Attached(current.slot(), current.spec(), rates, limited));
            LOG.info("sliver {}: ceiling {} kbit/s ({})", sliverName, rates.ceilKbps(),
                    limited ? "daily budget spent, sustained rate" : "burst rate");
        }
    }

    /**
     * Waits until background building and removal are done, a refill that waited for attaches to
     * pause included; for tests and benchmarks.
     */
    public void awaitBackgroundWork(Duration timeout) {
        supply.refillIfDeferred();
        background.awaitIdle(timeout);
    }

    /** How many tool processes this network has started; for benchmarks. */
    public long commandsRun() {
        return commands.invocations();
    }

    /** How many netlink transactions this network has sent instead of starting nft; for benchmarks. */
    public long netlinkTransactions() {
        return elements.transactions() + classWriter.transactions();
    }

    @Override
    public void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            supply.setActiveLocked(false, leaf);
        }
        try {
            background.awaitIdle(BACKGROUND_TIMEOUT);
            removeIfIdle();
        } finally {
            elements.close();
            classWriter.close();
        }
    }

    private void removeIfIdle() {
        synchronized (lock) {
            if (!started) {
                return;
            }
            if (!slots.allAttached().isEmpty()) {
                LOG.info("sliver network closed with {} slivers attached; their objects stay for the next start",
                        slots.allAttached().size());
                return;
            }
            Set<Integer> left = supply.removeSparesNowLocked();
            if (!left.isEmpty()) {
                LOG.warn("slots {} could not be removed; the next start removes them", left);
                return;
            }
            node.remove();
        }
    }

    private AdmissionControl admission() {
        Map<String, Long> guarantees = new HashMap<>();
        slots.allAttached().forEach(attached -> guarantees.put(attached.spec().sliverName(), attached.rates().rateKbps()));
        long kept = config.nodeReservedKbps() + (long) slots.spareCount() * SlotSupply.SPARE_RATES.rateKbps();
        return new AdmissionControl(nodeRateKbps, kept, guarantees);
    }

    private SliverNetworkHandle handleOf(String sliverName, int slot) {
        return new SliverNetworkHandle(sliverName, layout.namespacePath(slot), layout.address(slot), layout.hostDevice(slot));
    }

    private void requireStarted() {
        if (!started || closed) {
            throw new PlanetLabException(ErrorCode.UNAVAILABLE,
                    "the sliver network is " + (closed ? "closed" : "not started") + "; start it first");
        }
    }
}
