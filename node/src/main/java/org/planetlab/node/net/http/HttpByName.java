package org.planetlab.node.net.http;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Port 80 of the node shared by name, as the original's codemux shared it: each request's head is
 * read, {@link HttpNames} chooses the server by its {@code Host}, and the request goes on with an
 * RFC 7239 {@code Forwarded} element naming the client while the server's answer streams back as
 * bytes ({@link ByNameConnection}). Only heads are parsed, and only as far as routing and the
 * body's length need; answers are not parsed at all. The node's own page is one of the servers.
 * Unknown names get a 404 that says so, names of slices that do not hold their port a 503.
 *
 * <p>Abuse stays bounded: request heads above {@link Limits#headerBytes()} are answered 431 and
 * the connection closed; heads two parties could read differently (request smuggling) are
 * refused 400; at most {@link Limits#connections()} connections are open at once (further ones
 * wait in the kernel's backlog); a connection silent for {@link Limits#idleTimeout()} is closed,
 * so a slow sender holds its connection until then; a server silent for
 * {@link Limits#serverTimeout()} loses the connection. Each loop looks at its connections an
 * eighth of the shorter timeout apart (at most a second) and cuts what has been silent too long
 * (see {@link ByNameConnection#expire}).
 *
 * <p>All connections are relayed by a few event loops ({@link RelayLoop}: one thread and one
 * selector each, non-blocking sockets), both directions of a connection on the same loop. The
 * loops' threads descend from the one that called {@link #start()}, so when that thread runs in
 * the node's network namespace, the connections to slivers, which the loops open, leave from there.
 */
public final class HttpByName implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HttpByName.class);
    /** How long accepting rests after the system refused a connection (no descriptors left, say). */
    private static final long ACCEPT_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    /** The bounds on what clients may cost. */
    public record Limits(int headerBytes, int connections, Duration idleTimeout, Duration serverTimeout) {
        public static final Limits DEFAULT = new Limits(8192, 1024, Duration.ofSeconds(20), Duration.ofSeconds(30));

        public Limits {
            requireNonNull(idleTimeout, "idleTimeout is null");
            requireNonNull(serverTimeout, "serverTimeout is null");
            if (headerBytes < 1024 || connections < 1) {
                throw new IllegalArgumentException("limits too small: headers " + headerBytes + " bytes, " + connections
                        + " connections");
            }
        }
    }

    private final InetSocketAddress listen;
    private final HttpNames names;
    private final InetSocketAddress nodePage;
    private final Limits limits;
    private final RelayListener relays;
    private final int loopCount;
    /** Connections accepted and not yet closed. */
    private final AtomicInteger open = new AtomicInteger();
    private volatile boolean closed;
    private ServerSocketChannel listener;
    private SelectionKey accepting;
    private long acceptPausedUntil;
    private int nextLoop;
    private List<RelayLoop> loops = List.of();

    /**
     * @param listen where to listen: the node's public address, port 80 in real use
     * @param nodePage the node's own page, which answers requests for the node's own name
     */
    public HttpByName(InetSocketAddress listen, HttpNames names, InetSocketAddress nodePage, Limits limits) {
        this(listen, names, nodePage, limits, RelayListener.NONE);
    }

    /** @param relays told of each connection to a slice's server and the client it carries (for flow auditing) */
    public HttpByName(InetSocketAddress listen, HttpNames names, InetSocketAddress nodePage, Limits limits,
            RelayListener relays) {
        this(listen, names, nodePage, limits, relays, 1);
    }

    /** @param loopCount how many event loops relay the connections (each a thread) */
    HttpByName(InetSocketAddress listen, HttpNames names, InetSocketAddress nodePage, Limits limits,
            RelayListener relays, int loopCount) {
        this.listen = requireNonNull(listen, "listen is null");
        this.names = requireNonNull(names, "names is null");
        this.nodePage = requireNonNull(nodePage, "nodePage is null");
        this.limits = requireNonNull(limits, "limits is null");
        this.relays = requireNonNull(relays, "relays is null");
        if (loopCount < 1) {
            throw new IllegalArgumentException("at least one relay loop, not " + loopCount);
        }
        this.loopCount = loopCount;
    }

    /** Starts listening; returns the port (useful when asked for port 0). */
    public synchronized int start() {
        if (closed || listener != null) {
            throw new IllegalStateException("HTTP by name was already started or closed");
        }
        ServerSocketChannel socket = null;
        try {
            socket = ServerSocketChannel.open();
            socket.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            socket.bind(listen, 1024);
            socket.configureBlocking(false);
        } catch (IOException e) {
            if (socket != null) {
                RelayLoop.closeQuietly(socket);
            }
            throw new UncheckedIOException("cannot serve HTTP by name on " + listen.getHostString() + ":" + listen.getPort(), e);
        }
        listener = socket;
        int port = socket.socket().getLocalPort();
        long shorter = Math.min(limits.idleTimeout().toNanos(), limits.serverTimeout().toNanos());
        long period = Math.clamp(shorter / 8, TimeUnit.MILLISECONDS.toNanos(10), TimeUnit.SECONDS.toNanos(1));
        int bufferBytes = Math.max(limits.headerBytes(), 16 * 1024);
        java.util.ArrayList<RelayLoop> made = new java.util.ArrayList<>();
        try {
            for (int index = 0; index < loopCount; index++) {
                made.add(new RelayLoop(this, bufferBytes, period));
            }
            accepting = socket.register(made.getFirst().selector(), SelectionKey.OP_ACCEPT, this);
        } catch (IOException | RuntimeException e) {
            RelayLoop.closeQuietly(socket);
            made.forEach(loop -> RelayLoop.closeQuietly(loop.selector()));
            throw new UncheckedIOException("cannot serve HTTP by name on " + listen.getHostString() + ":" + port,
                    e instanceof IOException io ? io : new IOException(e));
        }
        loops = List.copyOf(made);
        for (int index = 0; index < loops.size(); index++) {
            // Made by this thread, so in its network namespace, as the sockets they open to the servers.
            loops.get(index).start(Thread.ofPlatform().daemon().name("http-by-name-loop-" + (index + 1)).unstarted(loops.get(index)));
        }
        LOG.info("HTTP by name on {}:{}", listen.getHostString(), port);
        return port;
    }

    HttpNames names() {
        return names;
    }

    InetSocketAddress nodePage() {
        return nodePage;
    }

    Limits limits() {
        return limits;
    }

    RelayListener relays() {
        return relays;
    }

    boolean isClosed() {
        return closed;
    }

    /** The listener is ready: takes what waits, up to the connection limit; on the first loop's thread. */
    void acceptReady(RelayLoop loop) {
        while (!closed && open.get() < limits.connections()) {
            SocketChannel client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                LOG.warn("HTTP by name cannot accept a connection, resting {} ms: {}",
                        TimeUnit.NANOSECONDS.toMillis(ACCEPT_PAUSE_NANOS), e.getMessage());
                acceptPausedUntil = loop.now() + ACCEPT_PAUSE_NANOS;
                accepting.interestOps(0);
                return;
            }
            if (client == null) {
                return;
            }
            open.incrementAndGet();
            RelayLoop to = loops.get(nextLoop);
            nextLoop = (nextLoop + 1) % loops.size();
            if (to == loop) {
                to.adopt(client);
            } else {
                to.execute(() -> to.adopt(client));
            }
        }
        if (!closed && open.get() >= limits.connections()) {
            // Full: the rest wait in the kernel's backlog until a connection closes.
            accepting.interestOps(0);
        }
    }

    /** A connection closed, on any loop: accepting resumes if it had stopped at the limit. */
    void connectionClosed() {
        if (open.decrementAndGet() == limits.connections() - 1 && !closed) {
            RelayLoop first = loops.getFirst();
            if (first.inLoop()) {
                resumeAccepting(first.now());
            } else {
                first.execute(() -> resumeAccepting(first.now()));
            }
        }
    }

    /** Called by each loop once per period; the first one resumes accepting after a rest. */
    void expire(RelayLoop loop, long now) {
        if (loop == loops.getFirst() && acceptPausedUntil != 0 && now - acceptPausedUntil >= 0) {
            acceptPausedUntil = 0;
            resumeAccepting(now);
        }
    }

    private void resumeAccepting(long now) {
        if (!closed && accepting.isValid() && open.get() < limits.connections()
                && (acceptPausedUntil == 0 || now - acceptPausedUntil >= 0)) {
            accepting.interestOps(SelectionKey.OP_ACCEPT);
        }
    }

    /** A loop has closed its connections and ends; the first one closes the listener. */
    void loopEnded(RelayLoop loop) {
        if (loop == loops.getFirst()) {
            RelayLoop.closeQuietly(listener);
        }
    }

    @Override
    public void close() {
        List<RelayLoop> running;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            running = loops;
            if (running.isEmpty() && listener != null) {
                RelayLoop.closeQuietly(listener);
            }
        }
        for (RelayLoop loop : running) {
            loop.selector().wakeup();
        }
        for (RelayLoop loop : running) {
            if (!loop.inLoop()) {
                try {
                    loop.thread().join(TimeUnit.SECONDS.toMillis(5));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
