package org.planetlab.node.net;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Removes every kernel object of slots that are out of service (already cut off by the filter
 * table). Deleting the namespace takes its veth pair with it once the kernel has torn the
 * namespace down, which it does in bulk and far faster than deleting veths one by one; a veth
 * still there after a short wait (something holds the namespace open) is deleted directly. The
 * filter entries go last, so a crash half-way leaves slots that are incomplete, never spare.
 */
final class SlotReaper {
    private static final Duration DEVICE_WAIT = Duration.ofSeconds(2);
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private final NetworkCommands commands;
    private final SlotLayout layout;
    private final FilterTable filters;
    private final TrafficClasses classes;
    private final KernelStateReader reader;

    SlotReaper(NetworkCommands commands, SlotLayout layout, FilterTable filters, TrafficClasses classes,
            KernelStateReader reader) {
        this.commands = requireNonNull(commands, "commands is null");
        this.layout = requireNonNull(layout, "layout is null");
        this.filters = requireNonNull(filters, "filters is null");
        this.classes = requireNonNull(classes, "classes is null");
        this.reader = requireNonNull(reader, "reader is null");
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
