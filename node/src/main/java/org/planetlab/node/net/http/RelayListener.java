package org.planetlab.node.net.http;

import java.net.InetSocketAddress;

/**
 * Told of each connection the front opens to a slice's server for a client, so that the slice's
 * flow records can name the client rather than the node as the other end (docs/auditing.md).
 */
@FunctionalInterface
public interface RelayListener {
    /** Listens to nothing. */
    RelayListener NONE = (client, reached, from, server) -> () -> { };

    /**
     * The node's connection from {@code from} to the slice's {@code server} now carries the
     * requests of {@code client}, which connected to the node at {@code reached}.
     *
     * @return what to run once the connection is closed
     */
    Runnable opened(InetSocketAddress client, InetSocketAddress reached, InetSocketAddress from, InetSocketAddress server);
}
