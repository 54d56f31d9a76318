package org.planetlab.plc.node;

import static java.util.Objects.requireNonNull;

import org.planetlab.plc.tag.TagTypeRef;

/** A node group to add: its name, and the tag (type and value) whose nodes are its members. */
public record NewNodeGroup(String groupname, TagTypeRef tagType, String value) {
    public NewNodeGroup {
        requireNonNull(groupname, "groupname is null");
        requireNonNull(tagType, "tagType is null");
        requireNonNull(value, "value is null");
    }
}
