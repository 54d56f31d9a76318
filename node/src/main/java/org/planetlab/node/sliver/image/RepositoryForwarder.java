package org.planetlab.node.sliver.image;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;
import org.planetlab.node.net.kernel.NamespaceThread;

/**
 * The one way out of a layer build's network namespace: a listener on that namespace's loopback
 * whose every connection is relayed to the package repository's address and port, from the
 * agent's own namespace. The build has no other interface, route or address, so apt reaches the
 * repository and nothing else, whatever a package's scripts try.
 */
final class RepositoryForwarder implements AutoCloseable {
    /** apt opens a few connections at most; more would be something else knocking. */
    private static final int MAX_CONNECTIONS = 8;
    private static final int IDLE_MILLISECONDS = 120_000;

    private final ServerSocket listener;
    private final InetSocketAddress repository;
    private final Semaphore connections = new Semaphore(MAX_CONNECTIONS);
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;

    private RepositoryForwarder(ServerSocket listener, InetSocketAddress repository) {
        this.listener = listener;
        this.repository = repository;
        this.acceptor = Thread.ofPlatform().name("layer-build-forwarder").daemon().start(this::accept);
    }

    /** Listens on 127.0.0.1 of the network namespace at {@code namespace}, relaying to {@code repository}. */
    static RepositoryForwarder open(Path namespace, InetSocketAddress repository) {
        requireNonNull(repository, "repository is null");
        AtomicReference<ServerSocket> listener = new AtomicReference<>();
        NamespaceThread.runInEach(List.of(namespace), "layer-build-listener", ignored -> {
            try {
                ServerSocket socket = new ServerSocket();
                socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), MAX_CONNECTIONS);
                listener.set(socket);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot listen in " + namespace, e);
            }
        });
        return new RepositoryForwarder(listener.get(), repository);
    }

    /** The port apt connects to on the namespace's 127.0.0.1. */
    int port() {
        return listener.getLocalPort();
    }

    private void accept() {
        while (!listener.isClosed()) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                return;
            }
            if (!connections.tryAcquire()) {
                closeQuietly(client);
                continue;
            }
            Thread.ofVirtual().name("layer-build-relay").start(() -> relay(client));
        }
    }

    private void relay(Socket client) {
        Socket upstream = new Socket();
        open.add(client);
        open.add(upstream);
        try (client; upstream) {
            client.setSoTimeout(IDLE_MILLISECONDS);
            upstream.connect(repository, 10_000);
            upstream.setSoTimeout(IDLE_MILLISECONDS);
            Thread back = Thread.ofVirtual().name("layer-build-relay-back").start(() -> pump(upstream, client));
            pump(client, upstream);
            back.join();
        } catch (IOException e) {
            // The build sees a closed connection and reports apt's error.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            open.remove(client);
            open.remove(upstream);
            connections.release();
        }
    }

    private static void pump(Socket from, Socket to) {
        try {
            InputStream input = from.getInputStream();
            OutputStream output = to.getOutputStream();
            input.transferTo(output);
            to.shutdownOutput();
        } catch (IOException e) {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    @Override
    public void close() {
        closeQuietly(listener);
        open.forEach(RepositoryForwarder::closeQuietly);
        try {
            acceptor.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // Closing at the end of a build: nothing is waiting for this socket any more.
        }
    }
}
