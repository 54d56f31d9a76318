package org.planetlab.plc.node;

import static java.util.Objects.requireNonNull;

/** A live node named by id or by hostname, as callers may name it. */
public sealed interface NodeRef {
    /** The node with this node_id. */
    record ById(long nodeId) implements NodeRef {}

    /** The node with this hostname (in any case). */
    record ByHostname(String hostname) implements NodeRef {
        public ByHostname {
            requireNonNull(hostname, "hostname is null");
        }
    }

    static NodeRef of(long nodeId) {
        return new ById(nodeId);
    }

    static NodeRef of(String hostname) {
        return new ByHostname(hostname);
    }

    /** The reference as the wire gives it: an id or a hostname. */
    default Object key() {
        return switch (this) {
            case ById byId -> byId.nodeId();
            case ByHostname byHostname -> byHostname.hostname();
        };
    }
}
