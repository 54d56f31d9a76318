package org.planetlab.node.net.shaping;

import static java.util.Objects.requireNonNull;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.planetlab.node.net.kernel.NetlinkSocket;
import org.planetlab.node.net.kernel.NetworkCommands;
import org.planetlab.node.net.layout.LeafQueue;
import org.planetlab.node.net.layout.SlotLayout;

/**
 * Creates and changes slots' HTB classes (and byte-limited FIFO leaves) over a routing netlink
 * socket in the node's namespace when there is one, else with {@code tc -batch}. Other leaf
 * queues (fq_codel, sfq) are always created with tc; changing a class never touches them.
 */
public final class ClassWriter implements AutoCloseable {
    private final NetworkCommands commands;
    private final TrafficClasses classes;
    private final SlotLayout layout;
    private static final int ENOENT = 2;
    private final AtomicLong transactions = new AtomicLong();
    private NetlinkSocket socket;
    private int uplinkIndex;
    private double ticksPerMicrosecond;

    public ClassWriter(NetworkCommands commands, TrafficClasses classes, SlotLayout layout) {
        this.commands = requireNonNull(commands, "commands is null");
        this.classes = requireNonNull(classes, "classes is null");
        this.layout = requireNonNull(layout, "layout is null");
    }

    /** Uses a routing socket in the node's namespace from now on (none: keep starting tc). */
    public synchronized void use(NetlinkSocket route, int uplinkIndex) {
        try {
            this.ticksPerMicrosecond = TrafficClassMessages.ticksPerMicrosecond(Files.readString(Path.of("/proc/net/psched")));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the packet scheduler's clock", e);
        }
        this.socket = route;
        this.uplinkIndex = uplinkIndex;
    }

    /** Creates the classes (and leaves) of new slots. */
    public synchronized void create(List<Integer> slots, ClassRates rates, LeafQueue leaf) {
        if (socket == null || !leaf.sizedByCeiling()) {
            List<String> lines = new ArrayList<>();
            slots.forEach(slot -> lines.addAll(classes.slotClass(slot, rates, leaf)));
            commands.tcBatch(lines);
            return;
        }
        send(slots, rates, leaf, "creating the classes of slots " + slots);
    }

    /** Changes a slot's rates (and resizes its FIFO leaf to its new ceiling). */
    public synchronized void change(int slot, ClassRates rates, LeafQueue leaf) {
        if (socket == null) {
            commands.tcBatch(classes.changeSlotClass(slot, rates, leaf));
            return;
        }
        send(List.of(slot), rates, leaf, "changing the class of slot " + slot);
    }

    /**
     * Deletes the classes (and their leaves) of slots; a class already gone is fine. Returns
     * false when the classes may still be there (tc reported a failure).
     */
    public synchronized boolean delete(java.util.Collection<Integer> slots) {
        if (slots.isEmpty()) {
            return true;
        }
        if (socket == null) {
            return commands.tcBatchIgnoringFailures(slots.stream().map(classes::deleteSlotClass).toList());
        }
        int first = socket.reserveSequences(slots.size());
        ByteArrayOutputStream requests = new ByteArrayOutputStream();
        int sequence = first;
        for (int slot : slots) {
            requests.writeBytes(TrafficClassMessages.deleteClass(uplinkIndex, layout.classMinor(slot), sequence++));
        }
        socket.transactTolerating(requests.toByteArray(), first, sequence - 1, "deleting the classes of slots " + slots, ENOENT);
        transactions.incrementAndGet();
        return true;
    }

    /** Whether classes are written over netlink, whose answers say which exist. */
    public synchronized boolean overNetlink() {
        return socket != null;
    }

    private void send(List<Integer> slots, ClassRates rates, LeafQueue leaf, String description) {
        int perSlot = leaf.sizedByCeiling() ? 2 : 1;
        int first = socket.reserveSequences(slots.size() * perSlot);
        ByteArrayOutputStream requests = new ByteArrayOutputStream();
        int sequence = first;
        for (int slot : slots) {
            int minor = layout.classMinor(slot);
            requests.writeBytes(TrafficClassMessages.htbClass(uplinkIndex, minor, rates, ticksPerMicrosecond, sequence++));
            if (leaf.sizedByCeiling()) {
                long limit = Long.parseLong(leaf.tcArguments(rates.ceilKbps()).getLast());
                requests.writeBytes(TrafficClassMessages.fifoLeaf(uplinkIndex, minor, limit, sequence++));
            }
        }
        socket.transact(requests.toByteArray(), first, sequence - 1, description);
        transactions.incrementAndGet();
    }

    public long transactions() {
        return transactions.get();
    }

    @Override
    public synchronized void close() {
        if (socket != null) {
            socket.close();
            socket = null;
        }
    }
}
