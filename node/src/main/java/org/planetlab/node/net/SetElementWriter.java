package org.planetlab.node.net;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.node.net.SetElementBatch.Element;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adds elements to the filter table's sets, the one change attaching or detaching a sliver makes.
 * It talks netlink directly when it can open a socket in the node's namespace and prove that
 * namespace is the one the tools run in; otherwise it runs {@code nft}.
 */
final class SetElementWriter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SetElementWriter.class);

    private final NetworkCommands commands;
    private final String table;
    private final AtomicLong transactions = new AtomicLong();
    private NetlinkSocket socket;

    SetElementWriter(NetworkCommands commands, String table) {
        this.commands = requireNonNull(commands, "commands is null");
        this.table = requireNonNull(table, "table is null");
    }

    /**
     * Opens the netlink socket in {@code namespace} (the agent's own namespace when empty) if that
     * is where the node's tools run; logs and keeps using {@code nft} otherwise.
     */
    synchronized void connect(String namespace) {
        Path path = namespace.isEmpty() ? Path.of("/proc/self/ns/net") : Path.of(namespace);
        try {
            Object ours = Files.getAttribute(path, "unix:ino");
            String theirs = commands.query(List.of("stat", "-L", "-c", "%i", "/proc/self/ns/net")).strip();
            if (!theirs.equals(String.valueOf(ours))) {
                LOG.warn("the node's tools run in another network namespace than {}; set node-namespace to the node's"
                        + " namespace file to attach slivers without starting nft", path);
                return;
            }
            socket = NetlinkSocket.open(namespace.isEmpty() ? null : path, NetlinkSocket.NETFILTER);
        } catch (IOException | UnsupportedOperationException | PlanetLabException | LinkageError e) {
            LOG.warn("attaching slivers will start nft: no netfilter socket in {}: {}", path, e.toString());
        }
    }

    synchronized boolean usesNetlink() {
        return socket != null;
    }

    /** Adds the elements in one transaction; elements already present stay as they are. */
    synchronized void add(List<Element> elements, String description) {
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

    /** Netlink transactions sent so far; for benchmarks. */
    long transactions() {
        return transactions.get();
    }

    /** The same change as an nft script. */
    List<String> script(List<Element> elements) {
        return elements.stream().map(element -> "add element ip " + table + " " + element.set() + " { \"" + element.device()
                + "\"" + (element.comment() == null ? "" : " comment \"" + element.comment() + "\"") + " }").toList();
    }

    @Override
    public synchronized void close() {
        if (socket != null) {
            socket.close();
            socket = null;
        }
    }
}
