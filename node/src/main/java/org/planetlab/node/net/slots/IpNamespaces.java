package org.planetlab.node.net.slots;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.List;
import org.planetlab.node.net.NamespaceFactory;
import org.planetlab.node.net.kernel.NetworkCommands;
import org.planetlab.node.net.layout.SlotLayout;

/**
 * Namespaces made with {@code ip netns add} (one {@code ip -batch} for several): owned by the
 * host's user namespace, so slivers get no raw sockets in them. What the network uses until it
 * is given another {@link NamespaceFactory}.
 */
final class IpNamespaces implements NamespaceFactory {
    private final NetworkCommands commands;

    IpNamespaces(NetworkCommands commands) {
        this.commands = requireNonNull(commands, "commands is null");
    }

    @Override
    public void create(List<Path> namespaceFiles) {
        commands.ipBatch(namespaceFiles.stream().map(file -> "netns add " + name(file)).toList());
    }

    @Override
    public void delete(List<Path> namespaceFiles) {
        commands.ipBatchIgnoringFailures(namespaceFiles.stream().map(file -> "netns del " + name(file)).toList());
    }

    private static String name(Path file) {
        if (!file.getParent().equals(SlotLayout.NAMESPACE_DIRECTORY)) {
            throw new IllegalArgumentException("ip keeps named namespaces in " + SlotLayout.NAMESPACE_DIRECTORY + ", not " + file);
        }
        return file.getFileName().toString();
    }
}
