package org.planetlab.node.net.kernel;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.planetlab.api.error.PlanetLabException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Netlink sockets in the node's network namespace. One is opened only once the namespace it would
 * be in is proven to be the one the tools run in (same inode), so a wrong {@code node-namespace}
 * can never make the agent change another namespace; when not, callers start the tools instead.
 */
public final class NodeSockets {
    private static final Logger LOG = LoggerFactory.getLogger(NodeSockets.class);

    private final NetworkCommands commands;
    private final Path namespace;

    /** @param nodeNamespace the node's namespace file, or empty for the agent's own namespace */
    public NodeSockets(NetworkCommands commands, String nodeNamespace) {
        this.commands = requireNonNull(commands, "commands is null");
        this.namespace = nodeNamespace.isEmpty() ? null : Path.of(nodeNamespace);
    }

    /** Whether the tools run in {@code namespace}; logged when not. */
    public boolean toolsRunThere() {
        Path path = namespace == null ? Path.of("/proc/self/ns/net") : namespace;
        try {
            Object ours = Files.getAttribute(path, "unix:ino");
            String theirs = commands.query(List.of("stat", "-L", "-c", "%i", "/proc/self/ns/net")).strip();
            if (theirs.equals(String.valueOf(ours))) {
                return true;
            }
            LOG.warn("the node's tools run in another network namespace than {}; set node-namespace to the node's"
                    + " namespace file so slivers are attached without starting nft, ip and tc", path);
        } catch (IOException | UnsupportedOperationException | PlanetLabException e) {
            LOG.warn("cannot compare {} with the tools' network namespace: {}", path, e.toString());
        }
        return false;
    }

    /** Opens a socket of the family, or returns {@code null} (logged) if it cannot. */
    public NetlinkSocket open(int protocol) {
        try {
            return NetlinkSocket.open(namespace, protocol);
        } catch (PlanetLabException | LinkageError e) {
            LOG.warn("no netlink socket in the node's namespace, tools will be started instead: {}", e.toString());
            return null;
        }
    }

    /** Opens a socket receiving the multicast {@code groups}, or returns {@code null} (logged) if it cannot. */
    public NetlinkSocket subscribe(int protocol, int groups, int receiveBytes) {
        try {
            return NetlinkSocket.subscribe(namespace, protocol, groups, receiveBytes);
        } catch (PlanetLabException | LinkageError e) {
            LOG.warn("no subscribed netlink socket in the node's namespace: {}", e.toString());
            return null;
        }
    }

    /** Those of the devices the node's namespace has. */
    public Set<String> presentDevices(Collection<String> devices) {
        return NamespaceThread.call(namespace, "device-lookup",
                () -> devices.stream().filter(NetlinkSocket::hasInterface).collect(Collectors.toSet()));
    }

    /** The indices of devices in the node's namespace; each must exist. */
    public Map<String, Integer> interfaceIndices(Collection<String> devices) {
        return NamespaceThread.call(namespace, "interface-index",
                () -> devices.stream().collect(Collectors.toMap(device -> device, NetlinkSocket::interfaceIndex)));
    }

    /** The index of a device in the node's namespace. */
    public int interfaceIndex(String device) {
        return NamespaceThread.call(namespace, "interface-index", () -> NetlinkSocket.interfaceIndex(device));
    }
}
