package org.planetlab.node.net.ports;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;
import java.nio.channels.NetworkChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.planetlab.node.net.kernel.NamespaceThread;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a port held by one sliver unusable in every other sliver's namespace, so a program there
 * that tries to take it fails at once with the error it would get on a shared host,
 * {@code EADDRINUSE} ("Address already in use"), as it did on the original's shared network
 * stack: the agent binds, without {@code SO_REUSEADDR} and without listening, a socket of the
 * port's protocol to {@code 0.0.0.0:port} in each of those namespaces. A bound socket conflicts
 * with any later bind of the port, IPv4 or dual-stack IPv6, whatever options the program sets.
 *
 * <p>A guard holds its namespace open, so a sliver's guards are closed before its network is
 * detached. Costs one descriptor per held port per other sliver. Not thread-safe:
 * {@link InboundPorts} serializes its use.
 */
final class PortGuards {
    private static final Logger LOG = LoggerFactory.getLogger(PortGuards.class);

    private final Map<String, Map<PortKey, Closeable>> bySliver = new HashMap<>();

    /**
     * Binds a guard for each of {@code keys} in the namespace of each sliver of {@code namespaces}
     * where it has none, entering the namespaces in turn on one thread; returns, by sliver, the keys
     * that could not be bound because the sliver already uses them.
     */
    Map<String, List<PortKey>> guard(Map<String, Path> namespaces, Collection<PortKey> keys) {
        Map<Path, String> slivers = new HashMap<>();
        namespaces.forEach((sliver, namespace) -> slivers.put(namespace, sliver));
        List<Path> needed = namespaces.entrySet().stream()
                .filter(entry -> !bySliver.getOrDefault(entry.getKey(), Map.of()).keySet().containsAll(keys))
                .map(Map.Entry::getValue).toList();
        Map<String, List<PortKey>> inUse = new HashMap<>();
        if (needed.isEmpty() || keys.isEmpty()) {
            return inUse;
        }
        NamespaceThread.runInEach(needed, "guard-ports", namespace -> {
            String sliver = slivers.get(namespace);
            Map<PortKey, Closeable> guards = bySliver.computeIfAbsent(sliver, name -> new HashMap<>());
            for (PortKey key : keys) {
                if (guards.containsKey(key)) {
                    continue;
                }
                try {
                    guards.put(key, bind(key));
                } catch (IOException e) {
                    inUse.computeIfAbsent(sliver, name -> new ArrayList<>()).add(key);
                }
            }
        });
        return inUse;
    }

    /** Closes the guards of {@code keys} in every sliver. */
    void release(Collection<PortKey> keys) {
        Set<PortKey> released = Set.copyOf(keys);
        bySliver.values().forEach(guards -> guards.entrySet().removeIf(entry -> {
            if (released.contains(entry.getKey())) {
                close(entry.getValue());
                return true;
            }
            return false;
        }));
    }

    /** Closes every guard in one sliver's namespace (before it goes). */
    void forget(String sliverName) {
        Map<PortKey, Closeable> guards = bySliver.remove(sliverName);
        if (guards != null) {
            guards.values().forEach(PortGuards::close);
        }
    }

    /** The ports guarded in one sliver's namespace. */
    Set<PortKey> guarded(String sliverName) {
        return Set.copyOf(bySliver.getOrDefault(sliverName, Map.of()).keySet());
    }

    void closeAll() {
        List.copyOf(bySliver.keySet()).forEach(this::forget);
    }

    private static Closeable bind(PortKey key) throws IOException {
        NetworkChannel channel = key.protocol() == Protocol.TCP ? SocketChannel.open(StandardProtocolFamily.INET)
                : DatagramChannel.open(StandardProtocolFamily.INET);
        try {
            channel.setOption(StandardSocketOptions.SO_REUSEADDR, false);
            channel.bind(new InetSocketAddress("0.0.0.0", key.port()));
            return channel;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private static void close(Closeable guard) {
        try {
            guard.close();
        } catch (IOException e) {
            LOG.warn("closing a port guard failed: {}", e.getMessage());
        }
    }
}
