package org.planetlab.node.audit;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.function.Consumer;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.node.net.kernel.NetlinkSocket;
import org.planetlab.node.net.kernel.NodeSockets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ends of the node's connections, read from the kernel's netlink group for them in the node's
 * namespace. The socket asks the kernel to report every end it could not queue for it; connection
 * tracking then keeps that connection, with its counters, and announces its end again moments
 * later. So a burst of ends (hundreds of one-packet flows timing out together) costs a short
 * delay, never a flow: {@code conntrack -E} drops such ends and only warns that it did.
 */
final class ConnectionEnds implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionEnds.class);
    private static final int RECEIVE_BYTES = 32 << 20;

    private final NetlinkSocket socket;
    private final Consumer<List<ConntrackEntry>> ended;
    private volatile boolean closed;

    private ConnectionEnds(NetlinkSocket socket, Consumer<List<ConntrackEntry>> ended) {
        this.socket = socket;
        this.ended = ended;
    }

    /**
     * Starts reading the ends into {@code ended} (on a thread of its own); {@code null} when no
     * socket can be had in the node's namespace.
     */
    static ConnectionEnds start(NodeSockets sockets, Consumer<List<ConntrackEntry>> ended) {
        requireNonNull(ended, "ended is null");
        if (!sockets.toolsRunThere()) {
            return null;
        }
        NetlinkSocket socket = sockets.subscribe(NetlinkSocket.NETFILTER, ConntrackMessages.DESTROY_GROUP, RECEIVE_BYTES);
        if (socket == null) {
            return null;
        }
        ConnectionEnds ends = new ConnectionEnds(socket, ended);
        Thread.ofPlatform().name("flow-capture-ends").daemon().start(ends::read);
        return ends;
    }

    private void read() {
        byte[] datagram = new byte[1 << 16];
        while (!closed) {
            try {
                int length = socket.receive(datagram);
                if (length < 0) {
                    LOG.info("connections ended faster than they were read; the kernel announces the rest again");
                } else if (length > 0) {
                    ended.accept(ConntrackMessages.destroyed(datagram, length));
                }
            } catch (PlanetLabException e) {
                if (!closed) {
                    LOG.warn("reading connection ends failed, no more are recorded until the agent restarts: {}", e.getMessage());
                }
                return;
            } catch (RuntimeException e) {
                LOG.warn("a connection end was not understood: {}", e.toString());
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        socket.close();
    }
}
