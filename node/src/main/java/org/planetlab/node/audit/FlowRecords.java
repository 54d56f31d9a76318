package org.planetlab.node.audit;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import org.planetlab.api.audit.FlowRecord;

/**
 * Turns what the kernel reports into flow records of one node: a connection's counters since
 * they were last zeroed, and packets the node's filters dropped. The slice comes only from the
 * mark the node set on the connection (or the device a dropped packet crossed), never from the
 * packets' contents.
 */
final class FlowRecords {
    private static final int FIN = 0x01;
    private static final int SYN = 0x02;
    private static final int RST = 0x04;
    private static final int ACK = 0x10;

    private final int nodeId;
    private final String publicAddress;
    private final RelayedClients relayed = new RelayedClients();

    FlowRecords(int nodeId, String publicAddress) {
        this.nodeId = nodeId;
        this.publicAddress = requireNonNull(publicAddress, "publicAddress is null");
    }

    /** The node's relays for clients (HTTP by name), whose connections' records name the client. */
    RelayedClients relayedClients() {
        return relayed;
    }

    /**
     * The record of the traffic {@code entry} counted since its last record, from {@code startMillis}
     * to {@code endMillis}; empty when it counted nothing.
     */
    Optional<FlowRecord> ofConnection(ConntrackEntry entry, SliverMark mark, long startMillis, long endMillis) {
        if (entry.packetsOriginal() + entry.packetsReply() == 0) {
            return Optional.empty();
        }
        boolean outbound = entry.original().source().equals(mark.sliverAddress());
        ConntrackEntry.Tuple original = entry.original();
        ConntrackEntry.Tuple reply = entry.reply();
        int protocol = entry.protocol();
        boolean hasPorts = protocol == 6 || protocol == 17 || protocol == 132 || protocol == 136;
        long start = Math.min(startMillis, endMillis);
        if (outbound) {
            return Optional.of(new FlowRecord(nodeId, mark.sliceId(), mark.sliverName(), FlowRecord.Direction.OUTBOUND,
                    protocol, start, endMillis, mark.sliverAddress(), hasPorts ? original.sourcePort() : 0,
                    reply.destination(), hasPorts ? reply.destinationPort() : 0, original.destination(),
                    protocol == 1 || hasPorts ? original.destinationPort() : 0,
                    entry.packetsOriginal(), atLeastHeaders(entry.bytesOriginal(), entry.packetsOriginal()),
                    entry.packetsReply(), atLeastHeaders(entry.bytesReply(), entry.packetsReply()),
                    protocol == 6 ? tcpFlags(entry) : 0, false));
        }
        // A connection the node opened for a client (HTTP by name) names the client as its other end.
        Optional<RelayedClients.Client> client = protocol == 6 ? relayed.clientOf(new RelayedClients.Connection(
                original.source(), original.sourcePort(), original.destination(), original.destinationPort())) : Optional.empty();
        return Optional.of(new FlowRecord(nodeId, mark.sliceId(), mark.sliverName(), FlowRecord.Direction.INBOUND,
                protocol, start, endMillis, mark.sliverAddress(), hasPorts ? reply.sourcePort() : 0,
                client.map(RelayedClients.Client::publicAddress).orElse(original.destination()),
                client.map(RelayedClients.Client::publicPort).orElse(hasPorts ? original.destinationPort() : 0),
                client.map(RelayedClients.Client::address).orElse(original.source()),
                client.map(RelayedClients.Client::port).orElse(hasPorts ? original.sourcePort() : 0),
                entry.packetsReply(), atLeastHeaders(entry.bytesReply(), entry.packetsReply()),
                entry.packetsOriginal(), atLeastHeaders(entry.bytesOriginal(), entry.packetsOriginal()),
                protocol == 6 ? tcpFlags(entry) : 0, false));
    }

    /** The record of packets the filters dropped, gathered per flow by {@link DroppedFlows}. */
    FlowRecord ofDropped(DroppedFlows.Key key, DroppedFlows.Counts counts, SliverMark mark) {
        boolean outbound = key.fromSliver();
        boolean hasPorts = key.protocol() == 6 || key.protocol() == 17;
        int sliverPort = hasPorts ? (outbound ? key.sourcePort() : key.destinationPort()) : 0;
        int remotePort = key.protocol() == 1 ? key.icmpTypeAndCode()
                : hasPorts ? (outbound ? key.destinationPort() : key.sourcePort()) : 0;
        String remote = outbound ? key.destination() : key.source();
        return new FlowRecord(nodeId, mark.sliceId(), mark.sliverName(),
                outbound ? FlowRecord.Direction.OUTBOUND : FlowRecord.Direction.INBOUND, key.protocol(),
                counts.firstMillis(), counts.lastMillis(), mark.sliverAddress(), sliverPort,
                outbound ? mark.sliverAddress() : publicAddress, outbound ? sliverPort : (hasPorts ? key.destinationPort() : 0),
                remote, remotePort,
                outbound ? counts.packets() : 0, outbound ? counts.bytes() : 0,
                outbound ? 0 : counts.packets(), outbound ? 0 : counts.bytes(),
                key.protocol() == 6 ? counts.tcpFlags() : 0, true);
    }

    /** Conntrack counts layer-3 bytes; a packet has at least its IP header. */
    private static long atLeastHeaders(long bytes, long packets) {
        return Math.max(bytes, packets * 20);
    }

    /**
     * Conntrack keeps the TCP state, not the flags; the flags a state implies were seen: a SYN for
     * every tracked connection, an ACK once it is past the handshake, a FIN once closing began, an
     * RST when it was closed without the closing handshake.
     */
    private static int tcpFlags(ConntrackEntry entry) {
        int flags = SYN;
        switch (entry.state()) {
            case "SYN_SENT", "SYN_SENT2", "NONE", "" -> { }
            case "SYN_RECV", "ESTABLISHED" -> flags |= ACK;
            case "FIN_WAIT", "CLOSE_WAIT", "LAST_ACK", "TIME_WAIT" -> flags |= ACK | FIN;
            case "CLOSE" -> flags |= entry.packetsReply() > 0 ? RST | ACK : RST;
            default -> flags |= ACK;
        }
        return flags;
    }
}
