package org.planetlab.node.audit;

import static java.util.Objects.requireNonNull;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.node.host.HostCommand;
import org.planetlab.node.net.kernel.NetlinkSocket;
import org.planetlab.node.net.kernel.NodeSockets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a {@link FlowCapture} cut reads the kernel's counters and zeroes what it read: over a netlink
 * socket in the node's namespace (a listing that zeroes nothing, then a zeroing request per sliver
 * connection that counted packets, sent in batches), or with {@code conntrack -L -z} where no such
 * socket can be had.
 */
final class ConntrackCut implements AutoCloseable {
    /** Logged under the capture's name: these are the capture's cuts. */
    private static final Logger LOG = LoggerFactory.getLogger(FlowCapture.class);
    /** Zeroing requests sent at once; their answers (a few kB each) must all fit the socket's buffer. */
    private static final int ZEROING_BATCH = 64;
    private static final int COUNTERS_RECEIVE_BYTES = 4 << 20;
    private static final int ENOENT = 2;

    private final HostCommand node;
    private final SliverMarks marks;
    /** Where cuts list connections and zero their counters; {@code null} when they use {@code conntrack -L -z}. */
    private volatile NetlinkSocket counters;

    ConntrackCut(HostCommand node, SliverMarks marks) {
        this.node = requireNonNull(node, "node is null");
        this.marks = requireNonNull(marks, "marks is null");
    }

    /**
     * Makes cuts use a netlink socket opened with {@code sockets} from now on, or
     * {@code conntrack -L -z} when {@code sockets} is {@code null} or no socket can be had.
     */
    void use(NodeSockets sockets) {
        counters = sockets != null ? countersSocket(sockets) : null;
    }

    /**
     * What a cut read and zeroed: the connections with the counters they held, and the ids of the
     * sliver connections still there.
     */
    record Counted(List<ConntrackEntry> entries, Set<Long> present) {}

    /** Reads and zeroes the counters a cut records. */
    Counted read() {
        NetlinkSocket socket = counters;
        return socket != null ? overNetlink(socket) : byDump();
    }

    /**
     * Lists the connections with a dump that zeroes nothing, then reads and zeroes each sliver
     * connection that counted packets with a request of its own, which answers with exactly the
     * counters it zeroed: what a record is written from. Counters are never zeroed unread, whatever
     * happens to a listing, and the node's own connections are left alone. A connection that ended
     * between the listing and its request is not found; its end carries its counters.
     */
    private Counted overNetlink(NetlinkSocket counters) {
        List<ConntrackMessages.Listed> toZero = new ArrayList<>();
        List<ConntrackEntry> entries = new ArrayList<>();
        Set<Long> present = new HashSet<>();
        for (ByteBuffer body : counters.dump(ConntrackMessages.CONNTRACK_GET, ConntrackMessages.ipv4Header(),
                "list the node's connections")) {
            Optional<ConntrackMessages.Listed> listed;
            try {
                listed = ConntrackMessages.listed(body);
            } catch (RuntimeException e) {
                // Nothing was zeroed: the connection keeps its counts for its end or the next cut.
                LOG.warn("a listed connection was not understood, it is read at its end: {}", e.toString());
                continue;
            }
            if (listed.isEmpty()) {
                continue;
            }
            ConntrackEntry entry = listed.get().entry();
            boolean counting = entry.packetsOriginal() + entry.packetsReply() > 0;
            if (marks.byMark(entry.mark()).isEmpty()) {
                if (counting) {
                    entries.add(entry);
                }
            } else {
                present.add(entry.id());
                if (counting) {
                    toZero.add(listed.get());
                }
            }
        }
        for (int from = 0; from < toZero.size(); from += ZEROING_BATCH) {
            List<ConntrackMessages.Listed> batch = toZero.subList(from, Math.min(toZero.size(), from + ZEROING_BATCH));
            int first = counters.reserveSequences(batch.size());
            List<byte[]> requests = new ArrayList<>(batch.size());
            for (int index = 0; index < batch.size(); index++) {
                requests.add(ConntrackMessages.zeroing(batch.get(index), first + index));
            }
            List<NetlinkSocket.Answer> answers;
            try {
                answers = counters.requestEach(requests, first, "read and zero connections' counters");
            } catch (PlanetLabException e) {
                // Earlier batches' counts are recorded, later ones stay in the kernel; this one's may be lost.
                LOG.warn("a cut stopped after {} of {} counting connections, up to {} of them zeroed unread: {}", from,
                        toZero.size(), batch.size(), e.getMessage());
                break;
            }
            for (int index = 0; index < batch.size(); index++) {
                NetlinkSocket.Answer answer = answers.get(index);
                ConntrackEntry listed = batch.get(index).entry();
                if (answer.body() != null) {
                    try {
                        ConntrackMessages.listed(answer.body()).ifPresent(zeroed -> entries.add(zeroed.entry()));
                    } catch (RuntimeException e) {
                        LOG.warn("the counters of connection {} were zeroed but their answer was not understood, its counts are"
                                + " lost: {}", Long.toUnsignedString(listed.id()), e.toString());
                    }
                } else if (answer.errno() != ENOENT) {
                    LOG.warn("reading and zeroing connection {} ({} to {}, protocol {}) was refused with errno {}: its counts stay"
                            + " in the kernel", Long.toUnsignedString(listed.id()), listed.original().source(),
                            listed.original().destination(), listed.protocol(), answer.errno());
                }
            }
        }
        return new Counted(entries, present);
    }

    /**
     * Reads and zeroes every connection's counters with one {@code conntrack -L -z}: where no
     * netlink socket can be had in the node's namespace. A line this cannot read has been zeroed
     * all the same, so its counts are lost (logged).
     */
    private Counted byDump() {
        // conntrack zeroes only whole dumps (no filter with -z): the node's own connections are
        // zeroed too, which nothing else reads.
        String listing = node.run(List.of("conntrack", "-L", "-z", "-o", "extended,id"));
        List<ConntrackEntry> entries = new ArrayList<>();
        Set<Long> present = new HashSet<>();
        for (String line : listing.split("\n")) {
            if (!line.startsWith("ipv4")) {
                continue;
            }
            try {
                ConntrackEntry entry = ConntrackEntry.parse(line);
                entries.add(entry);
                present.add(entry.id());
            } catch (RuntimeException e) {
                LOG.warn("conntrack line not understood, its counts are lost ({}): {}", e.getMessage(), line);
            }
        }
        return new Counted(entries, present);
    }

    @Override
    public void close() {
        NetlinkSocket socket = counters;
        if (socket != null) {
            socket.close();
        }
    }

    /** A socket for the cuts, with room for a batch of answers; {@code null} (logged) when none can be had. */
    private static NetlinkSocket countersSocket(NodeSockets sockets) {
        NetlinkSocket socket = sockets.open(NetlinkSocket.NETFILTER);
        if (socket == null) {
            return null;
        }
        try {
            socket.receiveBuffer(COUNTERS_RECEIVE_BYTES);
            return socket;
        } catch (PlanetLabException e) {
            LOG.warn("cuts use conntrack -L -z: {}", e.getMessage());
            socket.close();
            return null;
        }
    }
}
