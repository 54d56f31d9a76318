package org.planetlab.node.net.ports;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.api.rspec.PortList;
import org.planetlab.node.host.HostCommand;
import org.planetlab.node.net.PortReservation;
import org.planetlab.node.net.SliverNetworkHandle;
import org.planetlab.node.net.filtering.FilterTable;
import org.planetlab.node.net.kernel.NamespaceThread;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who holds which port of the node's address, and the kernel made to match: the original's rule
 * that a port belongs to the first slice that takes it, by a reservation from PLC or by listening
 * on it. A held port is forwarded to its holder only (an element of {@code inbound_ports}) and
 * guarded in every other sliver ({@link PortGuards}), where taking it fails with
 * {@code EADDRINUSE}. Each change is written to the {@link PortTable} before the kernel sees it.
 *
 * <p>A port is never given to a slice: below 1024 without {@code privileged_ports}; that the node
 * itself listens on; held by another slice (a reservation waits until the holder lets go). What a
 * sliver asked for and did not get is reported in its view of the table.
 *
 * <p>Thread-safe: every operation holds this object's lock.
 */
public final class InboundPorts {
    private static final Logger LOG = LoggerFactory.getLogger(InboundPorts.class);
    /** Ports one sliver may hold at its own request; more is a flood, not a service. */
    public static final int MAX_REQUESTED = 16;

    private final PortTable table;
    private final PortGuards guards = new PortGuards();
    private final HostCommand nodeCommand;
    private final String nftTable;
    private final Path nodeNamespace;
    private final PortViews views;
    private final Map<String, SliverNetworkHandle> attached = new TreeMap<>();
    private final Map<String, PortReservation> requests = new HashMap<>();
    private final Set<String> owners = new HashSet<>();
    private final Map<String, Set<PortKey>> listening = new HashMap<>();
    private Set<PortKey> nodeListeners = Set.of();
    /** Ports that changed hands since the views were last written. */
    private final Set<PortKey> changed = new HashSet<>();

    /**
     * @param tableFile the durable port table
     * @param nodeCommand runs {@code nft} in the node's namespace
     * @param nftTable the agent's nftables table (family {@code ip})
     * @param nodeNamespace the node's namespace file, or {@code null} when the agent runs in it
     * @param views where each sliver's view of the table is written
     */
    public InboundPorts(Path tableFile, HostCommand nodeCommand, String nftTable, Path nodeNamespace, PortViews views) {
        this.table = PortTable.open(tableFile);
        this.nodeCommand = requireNonNull(nodeCommand, "nodeCommand is null");
        this.nftTable = "ip " + requireNonNull(nftTable, "nftTable is null");
        this.nodeNamespace = nodeNamespace;
        this.views = requireNonNull(views, "views is null");
    }

    /**
     * Takes over after the network started: forgets the holds of slivers no longer attached, and
     * forwards and guards the rest as the table says, whatever the kernel held before.
     */
    public synchronized void restore(Collection<SliverNetworkHandle> handles) {
        attached.clear();
        handles.forEach(handle -> attached.put(handle.sliverName(), handle));
        List<PortKey> gone = table.all().stream().filter(hold -> !attached.containsKey(hold.sliverName()))
                .map(PortHold::key).toList();
        if (!gone.isEmpty()) {
            table.remove(gone);
        }
        nodeListeners = readNodeListeners();
        List<String> script = new ArrayList<>();
        script.add("flush map " + nftTable + " " + FilterTable.INBOUND_PORTS);
        script.addAll(addElements(table.all()));
        nodeCommand.runWithInput(List.of("nft", "-f", "-"), String.join("\n", script) + "\n");
        guardEverywhere(table.all());
        publish(attached.keySet());
    }

    /** A sliver's network is attached: guards the ports others hold in it, then takes its reservation. */
    public synchronized void attached(SliverNetworkHandle handle, PortReservation reservation, boolean ownerVm) {
        attached.put(handle.sliverName(), handle);
        if (ownerVm) {
            owners.add(handle.sliverName());
        }
        List<PortKey> othersHold = table.all().stream().filter(hold -> !hold.sliverName().equals(handle.sliverName()))
                .map(PortHold::key).toList();
        guards.guard(Map.of(handle.sliverName(), handle.namespacePath()), othersHold);
        reserve(handle.sliverName(), reservation);
        publish(Set.of(handle.sliverName()));
    }

    /** The sliver's reservation changed: takes what it gained, lets go what it dropped. */
    public synchronized void reservationChanged(String sliverName, PortReservation reservation) {
        if (attached.containsKey(sliverName)) {
            reserve(sliverName, reservation);
            publish(Set.of(sliverName));
        }
    }

    /** The sliver is about to be detached: closes its guards (they hold its namespace) and frees its ports. */
    public synchronized void detaching(String sliverName) {
        guards.forget(sliverName);
        release(table.of(sliverName).stream().map(PortHold::key).toList());
        attached.remove(sliverName);
        requests.remove(sliverName);
        owners.remove(sliverName);
        listening.remove(sliverName);
        views.forget(sliverName);
        retryReservations();
        publish(Set.of());
    }

    /**
     * Looks at what every sliver listens on: gives free ports to their first listener (slivers in
     * name order), frees ports taken by listening that nobody listens on any more, retries
     * reservations that waited.
     */
    public synchronized void scan() {
        Map<Path, String> slivers = new HashMap<>();
        attached.values().forEach(handle -> slivers.put(handle.namespacePath(), handle.sliverName()));
        Map<String, Set<PortKey>> found = new TreeMap<>();
        NamespaceThread.runInEach(List.copyOf(slivers.keySet()), "scan-ports", namespace -> {
            Set<PortKey> keys = new TreeSet<>(Listeners.ofThisNamespace());
            found.put(slivers.get(namespace), keys);
        });
        found.forEach((sliver, keys) -> keys.removeAll(guards.guarded(sliver)));
        nodeListeners = readNodeListeners();
        Set<String> touched = new TreeSet<>();
        found.forEach((sliver, keys) -> {
            if (!keys.equals(listening.get(sliver)) || !views.hasWritten(sliver)) {
                touched.add(sliver);
            }
        });
        listening.clear();
        listening.putAll(found);
        release(table.all().stream().filter(hold -> hold.basis() == PortHold.Basis.LISTENING
                && !found.getOrDefault(hold.sliverName(), Set.of()).contains(hold.key())).map(PortHold::key).toList());
        List<PortHold> taken = new ArrayList<>();
        Set<PortKey> takenKeys = new HashSet<>();
        found.forEach((sliver, keys) -> {
            for (PortKey key : keys) {
                if (table.holder(key).isEmpty() && !takenKeys.contains(key) && refusal(sliver, key).isEmpty()) {
                    taken.add(new PortHold(key, sliver, PortHold.Basis.LISTENING));
                    takenKeys.add(key);
                }
            }
        });
        claim(taken);
        retryReservations();
        publish(touched);
    }

    /**
     * Takes {@code key} for the sliver at its own request (the vsys helper {@code port}): held
     * like a reservation, whether or not anything listens, until released or the sliver goes.
     * Refused, changing nothing, on the terms of every other hold, or beyond
     * {@link #MAX_REQUESTED} such holds per sliver.
     */
    public synchronized PortHold request(String sliverName, PortKey key) {
        if (!attached.containsKey(sliverName)) {
            throw new PlanetLabException(ErrorCode.NOT_FOUND, "sliver " + sliverName + " has no network on this node");
        }
        Optional<PortHold> held = table.holder(key).filter(hold -> hold.sliverName().equals(sliverName));
        if (held.isPresent()) {
            return held.get();
        }
        Optional<String> refusal = refusal(sliverName, key);
        if (refusal.isPresent()) {
            throw new PlanetLabException(ErrorCode.PERMISSION_DENIED, key + " is refused: " + refusal.get());
        }
        if (table.of(sliverName).stream().filter(hold -> hold.basis() == PortHold.Basis.REQUESTED).count() >= MAX_REQUESTED) {
            throw new PlanetLabException(ErrorCode.QUOTA_EXCEEDED, "slice " + sliverName + " already holds " + MAX_REQUESTED
                    + " ports it asked for; release one first, or reserve ports at PLC (tcp_ports, udp_ports)");
        }
        PortHold hold = new PortHold(key, sliverName, PortHold.Basis.REQUESTED);
        claim(List.of(hold));
        publish(Set.of(sliverName));
        return hold;
    }

    /** Lets go a port the sliver took by {@link #request}; false if it holds no such port. */
    public synchronized boolean releaseRequested(String sliverName, PortKey key) {
        boolean requested = table.holder(key)
                .filter(hold -> hold.sliverName().equals(sliverName) && hold.basis() == PortHold.Basis.REQUESTED).isPresent();
        if (requested) {
            release(List.of(key));
            retryReservations();
            publish(Set.of(sliverName));
        }
        return requested;
    }

    /** Every hold, by port. */
    public synchronized List<PortHold> holds() {
        return List.copyOf(table.all());
    }

    /** What a sliver asked for and does not hold, with the reason, by port. */
    public synchronized Map<PortKey, String> refused(String sliverName) {
        Map<PortKey, String> refused = new TreeMap<>();
        Set<PortKey> wanted = new TreeSet<>(listening.getOrDefault(sliverName, Set.of()));
        wanted.addAll(requested(sliverName));
        for (PortKey key : wanted) {
            if (!table.holder(key).map(hold -> hold.sliverName().equals(sliverName)).orElse(false)) {
                refusal(sliverName, key).ifPresent(reason -> refused.put(key, reason));
            }
        }
        return refused;
    }

    /** Closes every guard; the table and the kernel's forwarding stay for the next start. */
    public synchronized void close() {
        guards.closeAll();
    }

    private void reserve(String sliverName, PortReservation reservation) {
        requests.put(sliverName, reservation);
        Set<PortKey> wanted = requested(sliverName);
        List<PortKey> dropped = table.of(sliverName).stream()
                .filter(hold -> hold.basis() == PortHold.Basis.RESERVED && !wanted.contains(hold.key()))
                .map(PortHold::key).toList();
        // A port dropped from the reservation stays the sliver's if it listens there (next scan).
        release(dropped);
        List<PortHold> taken = new ArrayList<>();
        for (PortKey key : wanted) {
            Optional<PortHold> holder = table.holder(key);
            boolean mine = holder.map(hold -> hold.sliverName().equals(sliverName)).orElse(false);
            if (mine && holder.get().basis() == PortHold.Basis.LISTENING || holder.isEmpty() && refusal(sliverName, key).isEmpty()) {
                taken.add(new PortHold(key, sliverName, PortHold.Basis.RESERVED));
            }
        }
        claim(taken);
    }

    private void retryReservations() {
        new TreeMap<>(requests).forEach((sliver, reservation) -> {
            boolean waiting = requested(sliver).stream().anyMatch(key -> table.holder(key).isEmpty());
            if (waiting) {
                reserve(sliver, reservation);
            }
        });
    }

    /** Why {@code sliverName} may not hold {@code key} now, if it may not. */
    private Optional<String> refusal(String sliverName, PortKey key) {
        Optional<PortHold> holder = table.holder(key);
        if (holder.isPresent() && !holder.get().sliverName().equals(sliverName)) {
            return Optional.of("held by slice " + holder.get().sliverName());
        }
        if (nodeListeners.contains(key)) {
            return Optional.of("the node itself uses it");
        }
        if (key.port() < PortList.FIRST_UNPRIVILEGED && !requests.getOrDefault(sliverName, PortReservation.NONE).privileged()) {
            return Optional.of("below " + PortList.FIRST_UNPRIVILEGED + ": needs privileged_ports = 1, granted by an operator");
        }
        return Optional.empty();
    }

    private Set<PortKey> requested(String sliverName) {
        PortReservation reservation = requests.getOrDefault(sliverName, PortReservation.NONE);
        Set<PortKey> keys = new TreeSet<>();
        reservation.tcp().ports().forEach(port -> keys.add(PortKey.tcp(port)));
        reservation.udp().ports().forEach(port -> keys.add(PortKey.udp(port)));
        return keys;
    }

    /** Records the holds, forwards their ports, guards them in the other slivers. */
    private void claim(List<PortHold> holds) {
        if (holds.isEmpty()) {
            return;
        }
        holds.forEach(table::putWithoutSaving);
        holds.forEach(hold -> changed.add(hold.key()));
        table.save();
        nodeCommand.runWithInput(List.of("nft", "-f", "-"), String.join("\n", addElements(holds)) + "\n");
        guardEverywhere(holds);
        holds.forEach(hold -> LOG.info("{} now held by {} ({})", hold.key(), hold.sliverName(), hold.basis().wireName()));
    }

    /** Forgets the holds of {@code keys}: their forwarding first, then the record, then the guards. */
    private void release(List<PortKey> keys) {
        if (keys.isEmpty()) {
            return;
        }
        List<String> script = keys.stream().map(key -> "delete element " + nftTable + " " + FilterTable.INBOUND_PORTS
                + " { " + key.nftKey() + " }").toList();
        HostCommand.Result result = nodeCommand.runAllowingFailure(List.of("nft", "-f", "-"), String.join("\n", script) + "\n");
        if (result.exitCode() != 0) {
            // Some element was already gone (a crash between the two writes): delete one at a time.
            script.forEach(line -> nodeCommand.runAllowingFailure(List.of("nft", "-f", "-"), line + "\n"));
        }
        forgetDatagramFlows(keys);
        table.remove(keys);
        changed.addAll(keys);
        guards.release(keys);
        keys.forEach(key -> LOG.info("{} released", key));
    }

    /**
     * Deletes the connection tracking entries that still lead datagrams for released UDP ports to
     * their old holder: a UDP client keeps sending from one address and port, and its entry (kept
     * alive by its own traffic) would otherwise carry its datagrams past the port's next holder.
     * TCP needs nothing: a new connection gets a new entry, translated for the new holder.
     */
    private void forgetDatagramFlows(List<PortKey> keys) {
        for (PortKey key : keys) {
            Optional<SliverNetworkHandle> holder = table.holder(key).map(hold -> attached.get(hold.sliverName()));
            if (key.protocol() == Protocol.UDP && holder.isPresent()) {
                nodeCommand.runAllowingFailure(List.of("conntrack", "-D", "-p", "udp", "--orig-port-dst", Integer.toString(key.port()),
                        "--dst-nat", holder.get().sliverAddress().getHostAddress()), null);
            }
        }
    }

    private void guardEverywhere(Collection<PortHold> holds) {
        Map<String, List<PortKey>> bySliver = new LinkedHashMap<>();
        holds.forEach(hold -> bySliver.computeIfAbsent(hold.sliverName(), name -> new ArrayList<>()).add(hold.key()));
        bySliver.forEach((holder, keys) -> {
            Map<String, Path> others = new HashMap<>();
            attached.values().stream().filter(handle -> !handle.sliverName().equals(holder))
                    .forEach(handle -> others.put(handle.sliverName(), handle.namespacePath()));
            guards.guard(others, keys).forEach((sliver, inUse) -> LOG.warn(
                    "{} already uses {}, which {} holds: connections to the node's address go to {} only", sliver, inUse,
                    holder, holder));
        });
    }

    private List<String> addElements(Collection<PortHold> holds) {
        List<String> lines = new ArrayList<>();
        for (PortHold hold : holds) {
            SliverNetworkHandle handle = attached.get(hold.sliverName());
            if (handle != null) {
                lines.add("add element " + nftTable + " " + FilterTable.INBOUND_PORTS + " { " + hold.key().nftKey() + " : "
                        + handle.sliverAddress().getHostAddress() + " }");
            }
        }
        return lines;
    }

    private Set<PortKey> readNodeListeners() {
        if (nodeNamespace == null) {
            return Listeners.ofThisNamespace();
        }
        List<Set<PortKey>> found = new ArrayList<>();
        NamespaceThread.runInEach(List.of(nodeNamespace), "node-ports", namespace -> found.add(Listeners.ofThisNamespace()));
        return found.getFirst();
    }

    /**
     * Rewrites the views that may have changed: those of {@code touched}, and when ports changed
     * hands, the owners' and those of slivers that hold, asked for or listen on one of them.
     */
    private void publish(Collection<String> touched) {
        Set<String> affected = new TreeSet<>(touched);
        if (!changed.isEmpty()) {
            affected.addAll(owners);
            for (String sliver : attached.keySet()) {
                Set<PortKey> concerned = new HashSet<>(requested(sliver));
                concerned.addAll(listening.getOrDefault(sliver, Set.of()));
                table.of(sliver).forEach(hold -> concerned.add(hold.key()));
                concerned.retainAll(changed);
                if (!concerned.isEmpty()) {
                    affected.add(sliver);
                }
            }
            changed.clear();
        }
        for (String sliver : affected) {
            if (attached.containsKey(sliver)) {
                views.write(sliver, owners.contains(sliver) ? table.all() : table.of(sliver), refused(sliver));
            }
        }
    }
}
