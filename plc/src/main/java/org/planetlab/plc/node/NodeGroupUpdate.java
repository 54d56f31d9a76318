package org.planetlab.plc.node;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/** What to change of a node group: its name, its members' tag value; empty leaves it as it is. */
public record NodeGroupUpdate(Optional<String> groupname, Optional<String> value) {
    public NodeGroupUpdate {
        requireNonNull(groupname, "groupname is null");
        requireNonNull(value, "value is null");
    }
}
