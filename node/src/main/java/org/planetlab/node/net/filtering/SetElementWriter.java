package org.planetlab.node.net.filtering;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.planetlab.node.net.filtering.SetElementBatch.Element;
import org.planetlab.node.net.kernel.NetlinkSocket;
import org.planetlab.node.net.kernel.NetworkCommands;

/**
 * Adds elements to the filter table's sets, the one change attaching or detaching a sliver makes:
 * over a netfilter netlink socket in the node's namespace when there is one, else with {@code nft}.
 */
public final class SetElementWriter implements AutoCloseable {
    private final NetworkCommands commands;
    private final String table;
    private static final int ENOENT = 2;
    private static final int EINVAL = 22;
    private final AtomicLong transactions = new AtomicLong();
    private NetlinkSocket socket;
    private boolean destroyKnown = true;

    public SetElementWriter(NetworkCommands commands, String table) {
        this.commands = requireNonNull(commands, "commands is null");
        this.table = requireNonNull(table, "table is null");
    }

    /** Uses a netfilter socket from now on (none: keep starting nft). */
    public synchronized void use(NetlinkSocket netfilter) {
        socket = netfilter;
    }

    /** Adds the elements in one transaction; elements already present stay as they are. */
    public synchronized void add(List<Element> elements, String description) {
        if (elements.isEmpty()) {
            return;
        }
        if (socket == null) {
            commands.nft(script(elements));
            return;
        }
        int first = socket.reserveSequences(SetElementBatch.sequencesUsed(elements));
        SetElementBatch.Encoded batch = SetElementBatch.encode(table, elements, first);
        socket.transact(batch.bytes(), batch.firstAcknowledged(), batch.lastAcknowledged(), description);
        transactions.incrementAndGet();
    }

    /**
     * Deletes the elements, those already gone included. A kernel that knows "destroy" (6.3 and
     * later) does it in one transaction that passes over missing elements. Otherwise one
     * transaction deletes them when all exist, else each goes in a transaction of its own, so
     * elements already gone (ENOENT) do not stop the others; every transaction, refused or not,
     * costs the kernel a grace period, so this is what older kernels pay. Only over netlink:
     * returns false without a socket.
     */
    public boolean remove(List<Element> elements, String description) {
        synchronized (this) {
            if (socket == null) {
                return false;
            }
            if (elements.isEmpty() || destroyElements(elements, description) || deleteTolerating(elements, description) == 0) {
                return true;
            }
        }
        for (Element element : elements) {
            synchronized (this) {
                if (socket == null) {
                    return false;
                }
                deleteTolerating(List.of(element), description);
            }
        }
        return true;
    }

    /** One "destroy" transaction; false (and never again) if the kernel does not know it. */
    private boolean destroyElements(List<Element> elements, String description) {
        if (!destroyKnown) {
            return false;
        }
        int first = socket.reserveSequences(SetElementBatch.sequencesUsed(elements));
        SetElementBatch.Encoded batch = SetElementBatch.encodeDeletion(table, elements, first, true);
        transactions.incrementAndGet();
        if (socket.transactTolerating(batch.bytes(), batch.firstAcknowledged(), batch.lastAcknowledged(), description, EINVAL) == 0) {
            return true;
        }
        destroyKnown = false;
        return false;
    }

    /** One deletion transaction; returns how many of its messages found nothing to delete. */
    private int deleteTolerating(List<Element> elements, String description) {
        int first = socket.reserveSequences(SetElementBatch.sequencesUsed(elements));
        SetElementBatch.Encoded batch = SetElementBatch.encodeDeletion(table, elements, first, false);
        int missing = socket.transactTolerating(batch.bytes(), batch.firstAcknowledged(), batch.lastAcknowledged(), description, ENOENT);
        transactions.incrementAndGet();
        return missing;
    }

    /** Netlink transactions sent so far; for benchmarks. */
    public long transactions() {
        return transactions.get();
    }

    /** The same change as an nft script. */
    List<String> script(List<Element> elements) {
        return elements.stream().map(element -> "add element ip " + table + " " + element.set() + " { "
                + element.nftSyntax() + " }").toList();
    }

    @Override
    public synchronized void close() {
        if (socket != null) {
            socket.close();
            socket = null;
        }
    }
}
