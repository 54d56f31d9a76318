package org.planetlab.node.net.http;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
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
 * {@link Limits#serverTimeout()} loses the connection. One timer thread looks at every connection
 * an eighth of the shorter timeout apart (at most a second) and cuts what has been silent too long,
 * so the relays' reads and writes carry no timeout of their own (see {@link ByNameConnection#expire}).
 *
 * <p>Each connection has a thread for requests and one for answers while it has a server. The
 * threads descend from the one that called {@link #start()}, so when that thread runs in the
 * node's network namespace, the connections to slivers leave from there.
 */
public final class HttpByName implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HttpByName.class);
    private static final String ROUTE = HttpByName.class.getName() + ".route";

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
    private final Semaphore permits;
    private final Set<ByNameConnection> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;
    private ServerSocket listener;
    private ExecutorService threads;
    private ScheduledExecutorService timer;

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
        this.listen = requireNonNull(listen, "listen is null");
        this.names = requireNonNull(names, "names is null");
        this.nodePage = requireNonNull(nodePage, "nodePage is null");
        this.limits = requireNonNull(limits, "limits is null");
        this.relays = requireNonNull(relays, "relays is null");
        this.permits = new Semaphore(limits.connections());
    }

    /** Starts listening; returns the port (useful when asked for port 0). */
    public synchronized int start() {
        try {
            ServerSocket socket = new ServerSocket();
            socket.setReuseAddress(true);
            socket.bind(listen, 1024);
            listener = socket;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve HTTP by name on " + listen.getHostString() + ":" + listen.getPort(), e);
        }
        AtomicInteger number = new AtomicInteger();
        threads = Executors.newCachedThreadPool(task -> Thread.ofPlatform().daemon()
                .name("http-by-name-" + number.incrementAndGet()).unstarted(task));
        timer = Executors.newSingleThreadScheduledExecutor(task -> Thread.ofPlatform().daemon()
                .name("http-by-name-timeouts").unstarted(task));
        long shorter = Math.min(limits.idleTimeout().toNanos(), limits.serverTimeout().toNanos());
        long period = Math.clamp(shorter / 8, TimeUnit.MILLISECONDS.toNanos(10), TimeUnit.SECONDS.toNanos(1));
        timer.scheduleWithFixedDelay(this::expire, period, period, TimeUnit.NANOSECONDS);
        Thread.ofPlatform().daemon().name("http-by-name-accept").start(this::accept);
        LOG.info("HTTP by name on {}:{}", listen.getHostString(), listener.getLocalPort());
        return listener.getLocalPort();
    }

    private void accept() {
        while (!closed) {
            try {
                permits.acquire();
            } catch (InterruptedException e) {
                return;
            }
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                permits.release();
                if (!closed) {
                    LOG.warn("HTTP by name stops accepting: {}", e.getMessage());
                }
                return;
            }
            ByNameConnection[] connection = new ByNameConnection[1];
            connection[0] = new ByNameConnection(client, names, nodePage, limits, relays, threads, () -> {
                open.remove(connection[0]);
                permits.release();
            });
            open.add(connection[0]);
            try {
                threads.execute(connection[0]);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                connection[0].closeBoth();
                open.remove(connection[0]);
                permits.release();
            }
        }
    }

    private void expire() {
        long now = System.nanoTime();
        for (ByNameConnection connection : open) {
            connection.expire(now);
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        try {
            if (listener != null) {
                listener.close();
            }
        } catch (IOException e) {
            LOG.warn("HTTP by name did not stop cleanly: {}", e.getMessage());
        }
        open.forEach(ByNameConnection::closeBoth);
        if (threads != null) {
            threads.shutdown();
        }
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
