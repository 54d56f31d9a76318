package org.planetlab.plc.node;

import static java.util.Objects.requireNonNull;

/** A node group named by id or by groupname, as callers may name it. */
public sealed interface NodeGroupRef {
    /** The node group with this nodegroup_id. */
    record ById(long nodeGroupId) implements NodeGroupRef {}

    /** The node group with this groupname. */
    record ByName(String groupname) implements NodeGroupRef {
        public ByName {
            requireNonNull(groupname, "groupname is null");
        }
    }

    static NodeGroupRef of(long nodeGroupId) {
        return new ById(nodeGroupId);
    }

    static NodeGroupRef of(String groupname) {
        return new ByName(groupname);
    }

    /** The reference as the wire gives it: an id or a groupname. */
    default Object key() {
        return switch (this) {
            case ById byId -> byId.nodeGroupId();
            case ByName byName -> byName.groupname();
        };
    }
}
