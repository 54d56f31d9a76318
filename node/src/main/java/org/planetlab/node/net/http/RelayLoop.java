package org.planetlab.node.net.http;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One thread of the front: a selector over the non-blocking sockets of its connections, both
 * sides of each, so that relaying an exchange costs no thread hand-over. Everything a connection
 * does happens on its loop's thread; other threads reach a loop only through {@link #execute}.
 *
 * <p>Buffers of one size are lent to connections while they hold bytes not yet passed on, so a
 * connection resting between requests holds none, and the buffers are direct, so reads and
 * writes need no copy into the JDK's own. Every {@code period} the loop looks at each of its
 * connections and cuts what has been silent too long ({@link ByNameConnection#expire}).
 */
final class RelayLoop implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(RelayLoop.class);
    /** Free buffers kept for reuse; more are left to the garbage collector. */
    private static final int KEPT_BUFFERS = 64;

    private final HttpByName front;
    private final Selector selector;
    private final int bufferBytes;
    private final long periodNanos;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final ArrayDeque<ByteBuffer> free = new ArrayDeque<>();
    private final Set<ByNameConnection> connections = new HashSet<>();
    private Thread thread;
    private long now = System.nanoTime();
    private long nextExpiry;
    private ByteBuffer dropped;

    RelayLoop(HttpByName front, int bufferBytes, long periodNanos) {
        this.front = requireNonNull(front, "front is null");
        this.bufferBytes = bufferBytes;
        this.periodNanos = periodNanos;
        try {
            this.selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a selector for HTTP by name", e);
        }
    }

    void start(Thread loopThread) {
        this.thread = loopThread;
        loopThread.start();
    }

    Selector selector() {
        return selector;
    }

    Thread thread() {
        return thread;
    }

    boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    /** Runs {@code task} on this loop's thread, soon. */
    void execute(Runnable task) {
        tasks.add(task);
        selector.wakeup();
    }

    /** The time the loop last woke, for the connections' clocks: no need to ask the system at every event. */
    long now() {
        return now;
    }

    /** Takes on a client connection the front accepted; on this loop's thread. */
    void adopt(SocketChannel client) {
        if (front.isClosed()) {
            closeQuietly(client);
            front.connectionClosed();
            return;
        }
        try {
            ByNameConnection connection = new ByNameConnection(this, client, front.names(), front.nodePage(),
                    front.limits(), front.relays());
            connections.add(connection);
        } catch (IOException e) {
            closeQuietly(client);
            front.connectionClosed();
        }
    }

    /** A buffer to lend, empty and ready to fill. */
    ByteBuffer takeBuffer() {
        ByteBuffer buffer = free.pollLast();
        return buffer != null ? buffer.clear() : ByteBuffer.allocateDirect(bufferBytes);
    }

    /** A buffer given back. */
    void giveBack(ByteBuffer buffer) {
        if (free.size() < KEPT_BUFFERS) {
            free.addLast(buffer);
        }
    }

    /** A buffer for bytes read only to be thrown away; its content never matters. */
    ByteBuffer scratch() {
        if (dropped == null) {
            dropped = ByteBuffer.allocateDirect(bufferBytes);
        }
        return dropped.clear();
    }

    void closed(ByNameConnection connection) {
        if (connections.remove(connection)) {
            front.connectionClosed();
        }
    }

    @Override
    public void run() {
        nextExpiry = System.nanoTime() + periodNanos;
        try {
            while (!front.isClosed()) {
                long wait = Math.max(1, (nextExpiry - now) / 1_000_000);
                selector.select(this::ready, wait);
                now = System.nanoTime();
                for (Runnable task; (task = tasks.poll()) != null; ) {
                    task.run();
                }
                if (now - nextExpiry >= 0) {
                    nextExpiry = now + periodNanos;
                    for (ByNameConnection connection : List.copyOf(connections)) {
                        guarded(connection, () -> connection.expire(now));
                    }
                    front.expire(this, now);
                }
            }
        } catch (IOException | RuntimeException e) {
            if (!front.isClosed()) {
                LOG.error("HTTP by name: a relay loop failed, its connections are closed", e);
            }
        } finally {
            for (ByNameConnection connection : new ArrayList<>(connections)) {
                connection.close();
            }
            for (Runnable task; (task = tasks.poll()) != null; ) {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    // closing anyway
                }
            }
            front.loopEnded(this);
            try {
                selector.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }

    private void ready(SelectionKey key) {
        if (!key.isValid()) {
            return;
        }
        switch (key.attachment()) {
            case ByNameConnection connection -> guarded(connection, () -> connection.ready(key));
            case HttpByName acceptor -> acceptor.acceptReady(this);
            default -> throw new IllegalStateException("unknown selection key attachment " + key.attachment());
        }
    }

    /** Runs what a connection does; its failure (its server's lookup, its relay listener) closes it and no other. */
    private static void guarded(ByNameConnection connection, Runnable work) {
        try {
            work.run();
        } catch (RuntimeException e) {
            LOG.warn("HTTP by name: a connection failed and is closed: {}", e.toString());
            connection.close();
        }
    }

    static void closeQuietly(java.io.Closeable channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
