package org.planetlab.node.net;

import java.nio.file.Path;
import java.util.List;

/**
 * Makes the named network namespaces slivers live in. The network creates them itself with
 * {@code ip netns add} unless given a factory (see {@link SliverNetwork#useNamespaceFactory}):
 * such namespaces belong to the host's user namespace, so a sliver whose root is mapped into a
 * user namespace of its own holds no capability over its network. A factory that makes each
 * namespace inside a new user namespace lets the sliver's root, once mapped into that user
 * namespace, open raw and packet sockets that see only its own network.
 */
public interface NamespaceFactory {
    /**
     * Creates one network namespace at each path (a file in {@code /run/netns}, kept alive by a
     * bind mount as {@code ip netns add} does); fails if one of them exists.
     */
    void create(List<Path> namespaceFiles);

    /**
     * Lets go of the namespaces at these paths as {@code ip netns del} does (unmount, remove
     * the file); the kernel tears each down once nothing else holds it. Paths already gone are
     * fine.
     */
    void delete(List<Path> namespaceFiles);
}
