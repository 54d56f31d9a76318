package org.planetlab.node.net.slots;

import static java.util.Objects.requireNonNull;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.planetlab.node.net.NamespaceFactory;
import org.planetlab.node.net.filtering.FilterTable;
import org.planetlab.node.net.filtering.SetElementWriter;
import org.planetlab.node.net.kernel.NetworkCommands;
import org.planetlab.node.net.kernel.NodeSockets;
import org.planetlab.node.net.layout.SlotLayout;
import org.planetlab.node.net.shaping.ClassWriter;
import org.planetlab.node.net.shaping.TrafficClasses;

/**
 * Removes every kernel object of slots that are out of service (already cut off by the filter
 * table). Deleting the namespace takes its veth pair with it once the kernel has torn the
 * namespace down, which it does in bulk and far faster than deleting veths one by one; a veth
 * still there after a short wait (something holds the namespace open) is deleted directly. The
 * filter entries go last, so a crash half-way leaves slots that are incomplete, never spare.
 *
 * <p>With netlink sockets in the node's namespace it touches only the slots' own objects: the
 * namespace files, the devices by name, the classes and set elements by key (deleting what is
 * already gone is fine). Without them it reads the whole kernel state before and after, which
 * with a thousand slivers costs a few hundred milliseconds of tool processes per removal.
 */
final class SlotReaper {
    private static final Duration DEVICE_WAIT = Duration.ofSeconds(2);
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private final NetworkCommands commands;
    private final SlotLayout layout;
    private final FilterTable filters;
    private final TrafficClasses classes;
    private final KernelStateReader reader;
    private final ClassWriter classWriter;
    private final SetElementWriter elements;
    private volatile NodeSockets node;
    private volatile NamespaceFactory namespaces;

    SlotReaper(NetworkCommands commands, SlotLayout layout, FilterTable filters, TrafficClasses classes,
            KernelStateReader reader, ClassWriter classWriter, SetElementWriter elements) {
        this.commands = requireNonNull(commands, "commands is null");
        this.layout = requireNonNull(layout, "layout is null");
        this.filters = requireNonNull(filters, "filters is null");
        this.classes = requireNonNull(classes, "classes is null");
        this.reader = requireNonNull(reader, "reader is null");
        this.classWriter = requireNonNull(classWriter, "classWriter is null");
        this.elements = requireNonNull(elements, "elements is null");
        this.namespaces = new IpNamespaces(commands);
    }

    /** Lets go of namespaces through the factory that made them from now on. */
    void useNamespaceFactory(NamespaceFactory factory) {
        this.namespaces = requireNonNull(factory, "factory is null");
    }

    /** Removes slots by their own objects from now on; the writers must talk netlink there too. */
    void useNodeSockets(NodeSockets nodeSockets) {
        this.node = requireNonNull(nodeSockets, "nodeSockets is null");
    }

    /**
     * Removes the slots' objects.
     *
     * @return the slots that still hold an object and must not be reused yet (normally none)
     */
    Set<Integer> reap(Collection<Integer> slots) {
        if (slots.isEmpty()) {
            return Set.of();
        }
        NodeSockets sockets = node;
        if (sockets != null && classWriter.overNetlink()) {
            return reapByName(slots, sockets);
        }
        KernelState before = reader.read();
        commands.ipBatchIgnoringFailures(slots.stream().filter(before.namespaces()::contains)
                .map(slot -> "netns del " + layout.namespaceName(slot)).toList());
        commands.tcBatchIgnoringFailures(slots.stream().filter(before.classes()::containsKey)
                .map(classes::deleteSlotClass).toList());
        Set<Integer> devicesLeft = awaitDevicesGone(slots);
        commands.ipBatchIgnoringFailures(devicesLeft.stream().map(slot -> "link del " + layout.hostDevice(slot)).toList());
        KernelState after = reader.read();
        List<Integer> empty = new ArrayList<>();
        for (int slot : slots) {
            if (!after.namespaces().contains(slot) && !after.devices().contains(slot) && !after.classes().containsKey(slot)) {
                empty.add(slot);
            }
        }
        commands.nft(filters.forget(after, empty));
        Set<Integer> left = new TreeSet<>(slots);
        empty.forEach(left::remove);
        return left;
    }

    private Set<Integer> reapByName(Collection<Integer> slots, NodeSockets sockets) {
        List<Integer> withNamespace = slots.stream().filter(slot -> Files.exists(layout.namespacePath(slot))).toList();
        namespaces.delete(withNamespace.stream().map(layout::namespacePath).toList());
        classWriter.delete(slots);
        Set<Integer> devicesLeft = awaitGone(slots, sockets);
        commands.ipBatchIgnoringFailures(devicesLeft.stream().map(slot -> "link del " + layout.hostDevice(slot)).toList());
        Set<Integer> left = new TreeSet<>(presentDevices(slots, sockets));
        slots.stream().filter(slot -> Files.exists(layout.namespacePath(slot))).forEach(left::add);
        List<Integer> empty = slots.stream().filter(slot -> !left.contains(slot)).toList();
        elements.remove(filters.everyElement(empty), "forgetting slots " + empty);
        return left;
    }

    private Set<Integer> awaitGone(Collection<Integer> slots, NodeSockets sockets) {
        long deadline = System.nanoTime() + DEVICE_WAIT.toNanos();
        while (true) {
            Set<Integer> left = presentDevices(slots, sockets);
            if (left.isEmpty() || System.nanoTime() > deadline) {
                return left;
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
    }

    private Set<Integer> presentDevices(Collection<Integer> slots, NodeSockets sockets) {
        Set<String> present = sockets.presentDevices(slots.stream().map(layout::hostDevice).toList());
        Set<Integer> slotsPresent = new TreeSet<>();
        slots.stream().filter(slot -> present.contains(layout.hostDevice(slot))).forEach(slotsPresent::add);
        return slotsPresent;
    }

    private Set<Integer> awaitDevicesGone(Collection<Integer> slots) {
        long deadline = System.nanoTime() + DEVICE_WAIT.toNanos();
        while (true) {
            Set<String> present = reader.vethStatistics().keySet();
            Set<Integer> left = new TreeSet<>();
            for (int slot : slots) {
                if (present.contains(layout.hostDevice(slot))) {
                    left.add(slot);
                }
            }
            if (left.isEmpty() || System.nanoTime() > deadline) {
                return left;
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
    }
}
