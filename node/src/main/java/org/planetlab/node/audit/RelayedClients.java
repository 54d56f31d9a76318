package org.planetlab.node.audit;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Connections the node itself opens to a sliver for a client outside, and that client. HTTP by
 * name relays each client's connection over one of its own: the kernel marks the node's connection
 * with the sliver's mark (its packets cross the sliver's veth), so it is recorded as an inbound flow
 * of the slice, but with the node as the other end. Registered here, its records name the client's
 * address and port as the remote end and the node's address and port the client reached as the
 * public end, so "who sent this?" for the client's address finds the slice.
 *
 * <p>A relay is kept while its connection is open and {@link #KEPT_AFTER_CLOSE} after, which covers
 * connection tracking's TIME_WAIT (120 s) before the kernel announces the connection's end; at most
 * {@link #MOST_CLOSED} closed relays are kept, the oldest forgotten first.
 */
public final class RelayedClients {
    /** How long a closed relay is remembered for the records of its connection's end. */
    public static final Duration KEPT_AFTER_CLOSE = Duration.ofMinutes(5);
    /** How many closed relays are remembered at most. */
    public static final int MOST_CLOSED = 100_000;

    /**
     * The node's connection to a sliver as connection tracking sees it: from the node's address and
     * port to the sliver's address and port.
     */
    public record Connection(String nodeAddress, int nodePort, String sliverAddress, int sliverPort) {
        public Connection {
            requireNonNull(nodeAddress, "nodeAddress is null");
            requireNonNull(sliverAddress, "sliverAddress is null");
        }
    }

    /** The client a connection is relayed for, and the node's address and port it connected to. */
    public record Client(String address, int port, String publicAddress, int publicPort) {
        public Client {
            requireNonNull(address, "address is null");
            requireNonNull(publicAddress, "publicAddress is null");
        }
    }

    /** One relay; a port the node uses again makes another, so an old one's expiry never removes a newer one. */
    private static final class Relay {
        private final Connection connection;
        private final Client client;
        private long closedAtNanos;
        private boolean closed;

        Relay(Connection connection, Client client) {
            this.connection = connection;
            this.client = client;
        }
    }

    private final LongSupplier nanoTime;
    private final long keptNanos;
    private final Map<Connection, Relay> relays = new HashMap<>();
    private final ArrayDeque<Relay> closed = new ArrayDeque<>();

    public RelayedClients() {
        this(System::nanoTime, KEPT_AFTER_CLOSE);
    }

    RelayedClients(LongSupplier nanoTime, Duration keptAfterClose) {
        this.nanoTime = requireNonNull(nanoTime, "nanoTime is null");
        this.keptNanos = keptAfterClose.toNanos();
    }

    /** Registers a relay; the returned action, run when its connection closes, starts its last minutes. */
    public synchronized Runnable opened(Connection connection, Client client) {
        Relay relay = new Relay(requireNonNull(connection, "connection is null"), requireNonNull(client, "client is null"));
        forgetExpired();
        relays.put(connection, relay);
        return () -> closed(relay);
    }

    private synchronized void closed(Relay relay) {
        if (!relay.closed) {
            relay.closed = true;
            relay.closedAtNanos = nanoTime.getAsLong();
            closed.addLast(relay);
            forgetExpired();
        }
    }

    /** The client the node's connection is relayed for, if it is a relay this registry knows. */
    public synchronized Optional<Client> clientOf(Connection connection) {
        forgetExpired();
        return Optional.ofNullable(relays.get(connection)).map(relay -> relay.client);
    }

    private void forgetExpired() {
        long now = nanoTime.getAsLong();
        while (!closed.isEmpty() && (now - closed.peekFirst().closedAtNanos > keptNanos || closed.size() > MOST_CLOSED)) {
            Relay gone = closed.removeFirst();
            if (relays.get(gone.connection) == gone) {
                relays.remove(gone.connection);
            }
        }
    }
}
