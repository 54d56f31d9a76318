package org.planetlab.node.net.http;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import org.planetlab.node.net.http.HttpByName.Limits;
import org.planetlab.node.net.http.HttpNames.Route;

/**
 * One client connection to port 80, relayed by one {@link RelayLoop}: each request's head is read
 * and checked, its {@code Host} chooses the server, the head goes on with a {@code Forwarded}
 * element naming the client and the body is passed on as it is framed; the server's answers go
 * back untouched. A connection stays with the server of its first request: a later request for
 * another server (or a slice that lost its port) ends the connection once the server has answered
 * what it got, and the client asks again on a new one. Requests that cannot be passed on are
 * answered here.
 *
 * <p>The request side is one buffer, parsed where it lies and written to the server from there
 * ({@link ClientRequests}), so no byte is copied to be sent on. While
 * bytes wait to be written to the server nothing more is read from the client, and while an
 * answer waits to be written to the client nothing more is read from the server: a side that
 * does not take what it is sent slows the other down, and a connection holds at most one buffer
 * each way. Everything here runs on the loop's thread.
 */
final class ByNameConnection {
    private final RelayLoop loop;
    private final SocketChannel client;
    private final SelectionKey clientKey;
    private final HttpNames names;
    private final InetSocketAddress nodePage;
    private final Limits limits;
    private final RelayListener relays;
    private final ClientRequests requests;
    private final ClientRequests.Heads decisions = new Decisions();
    /** No more requests: the client closed, fell silent between requests, or asked another server. */
    private boolean requestsOver;

    private SocketChannel server;
    private SelectionKey serverKey;
    private InetSocketAddress serverAddress;
    private Route serverRoute;
    private boolean connected;
    private boolean serverOutputShut;
    /** Bytes of an answer read from the server and not yet all written to the client; lent by the loop. */
    private ByteBuffer answer;

    /** This front's own answer to the client (a refusal), once there is one: the connection ends with it. */
    private FrontAnswer refusal;

    /** What to tell the relay listener when the connection to a slice's server closes. */
    private Runnable relayClosed;
    private boolean closed;
    private long lastFromClient;
    private long lastActivity;

    ByNameConnection(RelayLoop loop, SocketChannel client, HttpNames names, InetSocketAddress nodePage, Limits limits,
            RelayListener relays) throws IOException {
        this.loop = requireNonNull(loop, "loop is null");
        this.client = requireNonNull(client, "client is null");
        this.names = requireNonNull(names, "names is null");
        this.nodePage = requireNonNull(nodePage, "nodePage is null");
        this.limits = requireNonNull(limits, "limits is null");
        this.relays = requireNonNull(relays, "relays is null");
        InetSocketAddress remote = (InetSocketAddress) client.getRemoteAddress();
        String address = remote.getAddress().getHostAddress();
        byte[] forwarded = ("Forwarded: for=" + (remote.getAddress() instanceof Inet6Address ? "\"[" + address + "]\"" : address)
                + ";proto=http\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        this.requests = new ClientRequests(loop, limits.headerBytes(), forwarded);
        this.lastFromClient = loop.now();
        this.lastActivity = lastFromClient;
        client.configureBlocking(false);
        client.setOption(StandardSocketOptions.TCP_NODELAY, true);
        this.clientKey = client.register(loop.selector(), SelectionKey.OP_READ, this);
    }

    /** One of this connection's sockets is ready. */
    void ready(SelectionKey key) {
        if (closed) {
            return;
        }
        int ready = key.readyOps();
        if (key == clientKey) {
            if ((ready & SelectionKey.OP_WRITE) != 0) {
                writeToClient();
            }
            if (!closed && (ready & SelectionKey.OP_READ) != 0) {
                readClient();
            }
        } else {
            if ((ready & SelectionKey.OP_CONNECT) != 0) {
                finishConnect();
            }
            if (!closed && (ready & SelectionKey.OP_WRITE) != 0) {
                relayRequests();
            }
            if (!closed && (ready & SelectionKey.OP_READ) != 0) {
                readServer();
            }
        }
        if (!closed) {
            updateInterest();
        }
    }

    // ---- the client's requests

    private void readClient() {
        if (draining()) {
            if (!refusal.drop(client, loop.scratch())) {
                close();
            }
            return;
        }
        int read;
        try {
            read = requests.readFrom(client);
        } catch (IOException e) {
            close();
            return;
        }
        if (read < 0) {
            clientEnded();
            return;
        }
        lastFromClient = loop.now();
        lastActivity = lastFromClient;
        relayRequests();
    }

    /** The client closed its side (or was cut for its silence): what it sent whole is still relayed. */
    private void clientEnded() {
        ClientRequests.Reading reading = requests.reading();
        boolean betweenRequests = (reading == ClientRequests.Reading.HEAD && !requests.holdsUnparsed())
                || reading == ClientRequests.Reading.RAW || reading == ClientRequests.Reading.ENDED;
        if (!betweenRequests) {
            // The client closed in the middle of a request: nothing to answer to.
            close();
            return;
        }
        requestsOver = true;
        requests.end();
        relayRequests();
    }

    /** Parses what the client sent and writes it to the server, as far as both allow. */
    private void relayRequests() {
        while (!closed && refusal == null) {
            if (!requests.queued()) {
                requests.reuseInput();
                requests.parse(decisions);
                if (closed || refusal != null || !requests.queued()) {
                    break;
                }
            }
            if (!connected) {
                return;
            }
            try {
                if (requests.writeTo(server)) {
                    lastActivity = loop.now();
                }
            } catch (IOException e) {
                close();
                return;
            }
            if (requests.queued()) {
                return;
            }
        }
        if (!closed && refusal == null && !requests.queued() && requestsOver) {
            endRequests();
        }
    }

    /** A request that cannot go on: refused if it is the first, else the connection ends after the answers it has. */
    private void refuseOrEnd(int status, String reason) {
        if (server != null) {
            endRequestsHere();
        } else {
            answer(status, reason + "\n");
        }
    }

    /** The requests before this one are all that goes to the server. */
    private void endRequestsHere() {
        requests.endHere();
        requestsOver = true;
    }

    /** How a head read from the client is routed, and what its bad ones get. */
    private final class Decisions implements ClientRequests.Heads {
        private Route route;

        @Override
        public boolean relay(RequestHead head) {
            route = names.route(head.host());
            InetSocketAddress target = switch (route) {
                case Route.Node node -> nodePage;
                case Route.Slice slice -> slice.server();
                case Route.NotHeld notHeld -> null;
                case Route.Unknown unknown -> null;
            };
            if (server != null && !serverAddress.equals(target)) {
                // Another server, or none any more: the current one answers what it has, then the connection ends.
                endRequestsHere();
                return false;
            }
            if (target == null) {
                answerRefusal(route);
                return false;
            }
            return (server != null || connect(route, target)) && !closed;
        }

        @Override
        public boolean switchesProtocols(RequestHead head) {
            return head.upgrade() && !(route instanceof Route.Node);
        }

        @Override
        public void refuse(int status, String reason) {
            refuseOrEnd(status, reason);
        }

        @Override
        public void malformed() {
            close();
        }

        @Override
        public boolean relaying() {
            return !closed && refusal == null;
        }
    }

    /** All requests are written: the server learns there are no more, and its answers end the connection. */
    private void endRequests() {
        if (server == null) {
            close();
            return;
        }
        if (connected && !serverOutputShut) {
            serverOutputShut = true;
            try {
                server.shutdownOutput();
            } catch (IOException e) {
                close();
            }
        }
    }

    // ---- the server

    private boolean connect(Route route, InetSocketAddress target) {
        SocketChannel socket = null;
        try {
            // Opened on the loop's thread, so in the network namespace the front was started in.
            socket = SocketChannel.open();
            socket.configureBlocking(false);
            socket.setOption(StandardSocketOptions.TCP_NODELAY, true);
            server = socket;
            serverAddress = target;
            serverRoute = route;
            connected = socket.connect(target);
            serverKey = socket.register(loop.selector(), connected ? SelectionKey.OP_READ : SelectionKey.OP_CONNECT, this);
        } catch (IOException e) {
            serverFailed(e.getMessage());
            return false;
        } catch (java.nio.channels.UnresolvedAddressException e) {
            serverFailed("its address " + target.getHostString() + " is not known");
            return false;
        }
        lastActivity = loop.now();
        if (connected) {
            connected();
        }
        return true;
    }

    private void finishConnect() {
        try {
            if (!server.finishConnect()) {
                return;
            }
        } catch (IOException e) {
            serverFailed(e.getMessage());
            return;
        }
        connected = true;
        connected();
        relayRequests();
    }

    private void connected() {
        lastActivity = loop.now();
        if (serverRoute instanceof Route.Slice) {
            try {
                relayClosed = relays.opened((InetSocketAddress) client.getRemoteAddress(),
                        (InetSocketAddress) client.getLocalAddress(), (InetSocketAddress) server.getLocalAddress(), serverAddress);
            } catch (IOException e) {
                close();
            }
        }
    }

    /** No connection to the server: the client is told so (502) and the connection ends. */
    private void serverFailed(String why) {
        String who = serverRoute instanceof Route.Slice slice ? "Slice " + slice.slice() + "'s server" : "The node's page";
        if (serverKey != null) {
            serverKey.cancel();
        }
        if (server != null) {
            RelayLoop.closeQuietly(server);
        }
        server = null;
        serverKey = null;
        answer(502, who + " does not answer: " + why + "\n");
    }

    private void readServer() {
        if (answer != null) {
            return; // the last answer is still being written
        }
        answer = loop.takeBuffer();
        int read;
        try {
            read = server.read(answer);
        } catch (IOException e) {
            close();
            return;
        }
        if (read < 0) {
            // The end of the answers (nothing of them is left unwritten: the server is read only then) ends the connection.
            close();
            return;
        }
        answer.flip();
        lastActivity = loop.now();
        writeToClient();
    }

    private void writeToClient() {
        if (refusal != null) {
            writeRefusal();
            return;
        }
        if (answer == null) {
            return;
        }
        try {
            if (client.write(answer) > 0) {
                lastActivity = loop.now();
            }
        } catch (IOException e) {
            close();
            return;
        }
        if (!answer.hasRemaining()) {
            loop.giveBack(answer);
            answer = null;
        }
    }

    // ---- answers of the front's own

    private void answerRefusal(Route route) {
        switch (route) {
            case Route.Unknown unknown -> answer(404, "No HTTP service named " + unknown.host() + " on this node.\n");
            case Route.NotHeld notHeld -> answer(503, "Slice " + notHeld.slice() + " does not hold port " + notHeld.port()
                    + " on this node.\n");
            default -> throw new IllegalStateException("not a refusal: " + route);
        }
    }

    /**
     * Answers the client and closes. What the client still sends is read and dropped for a moment
     * first, so that the kernel does not reset the connection over unread data before the client
     * has read the answer ({@link FrontAnswer}).
     */
    private void answer(int status, String text) {
        requests.release();
        requestsOver = true;
        refusal = new FrontAnswer(status, text);
        lastActivity = loop.now();
        writeRefusal();
    }

    private void writeRefusal() {
        try {
            refusal.writeTo(client, loop.now());
        } catch (IOException e) {
            close();
        }
    }

    /** Whether the refusal is written and what the client still sends is read and dropped. */
    private boolean draining() {
        return refusal != null && refusal.draining();
    }

    // ---- readiness, silence, closing

    /** Asks the selector for what each side can take now. */
    private void updateInterest() {
        int clientOps = 0;
        if (refusal != null ? !refusal.draining() : answer != null) {
            clientOps |= SelectionKey.OP_WRITE;
        }
        if (draining() || readingClient()) {
            clientOps |= SelectionKey.OP_READ;
        }
        if (clientKey.interestOps() != clientOps) {
            clientKey.interestOps(clientOps);
        }
        if (serverKey != null) {
            int serverOps;
            if (!connected) {
                serverOps = SelectionKey.OP_CONNECT;
            } else {
                serverOps = (answer == null ? SelectionKey.OP_READ : 0) | (requests.queued() ? SelectionKey.OP_WRITE : 0);
            }
            if (serverKey.interestOps() != serverOps) {
                serverKey.interestOps(serverOps);
            }
        }
    }

    /** Whether the client is read: while its requests go on and nothing waits to be written to the server. */
    private boolean readingClient() {
        return refusal == null && !requestsOver && !requests.queued();
    }

    /**
     * Cuts what has been silent too long, as of {@code now}: a client that stopped in the middle of
     * a request (for the idle timeout since its last byte), a connection resting between requests
     * or after a switch of protocols with nothing moving either way (idle timeout), and a
     * connection whose server has been silent (server timeout) while nothing moved. Cutting a
     * client's silence is taken as its close: between requests the server still answers what it
     * got, in the middle of one the connection ends.
     */
    void expire(long now) {
        if (closed) {
            return;
        }
        long idle = limits.idleTimeout().toNanos();
        if (refusal != null) {
            if (refusal.draining() ? refusal.drainOver(now) : now - lastActivity > idle) {
                close();
            }
            return;
        }
        if (readingClient()) {
            boolean clientTooSlow = switch (requests.reading()) {
                case HEAD -> !requests.holdsUnparsed() ? now - lastActivity > idle : now - lastFromClient > idle;
                case RAW -> now - lastActivity > idle;
                default -> now - lastFromClient > idle;
            };
            if (clientTooSlow) {
                clientEnded();
            }
        }
        if (!closed && refusal == null && server != null && now - lastActivity > limits.serverTimeout().toNanos()) {
            if (connected) {
                close();
            } else {
                serverFailed("no connection within " + limits.serverTimeout().toSeconds() + " s");
            }
        }
        if (!closed) {
            updateInterest();
        }
    }

    /** Closes both sides (once) and gives the buffers back. */
    void close() {
        if (closed) {
            return;
        }
        closed = true;
        clientKey.cancel();
        RelayLoop.closeQuietly(client);
        if (serverKey != null) {
            serverKey.cancel();
        }
        if (server != null) {
            RelayLoop.closeQuietly(server);
        }
        requests.release();
        if (answer != null) {
            loop.giveBack(answer);
            answer = null;
        }
        loop.closed(this);
        Runnable ended = relayClosed;
        relayClosed = null;
        if (ended != null) {
            ended.run();
        }
    }
}
