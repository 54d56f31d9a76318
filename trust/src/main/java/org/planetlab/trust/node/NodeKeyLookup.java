package org.planetlab.trust.node;

import java.util.Optional;

/** Finds the key of a registered node, for the server side of request authentication. */
@FunctionalInterface
public interface NodeKeyLookup {
    /** The node's current key, or empty if no such node is registered. */
    Optional<NodeKey> find(long nodeId);
}
