package org.planetlab.plc.slice;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import org.planetlab.plc.node.NodeGroupRef;
import org.planetlab.plc.node.NodeRef;
import org.planetlab.plc.tag.TagTypeRef;

/**
 * A slice attribute to set: the slice, the attribute's tag type, its value, and its scope: the
 * whole slice, one node, or one node group (not both; {@link SliceTagService} refuses that).
 */
public record NewSliceTag(SliceRef slice, TagTypeRef type, String value, Optional<NodeRef> node,
        Optional<NodeGroupRef> group) {
    public NewSliceTag {
        requireNonNull(slice, "slice is null");
        requireNonNull(type, "type is null");
        requireNonNull(value, "value is null");
        requireNonNull(node, "node is null");
        requireNonNull(group, "group is null");
    }

    /** A value for the whole slice. */
    public static NewSliceTag of(SliceRef slice, TagTypeRef type, String value) {
        return new NewSliceTag(slice, type, value, Optional.empty(), Optional.empty());
    }

    /** This value for one node only. */
    public NewSliceTag onNode(NodeRef onNode) {
        return new NewSliceTag(slice, type, value, Optional.of(onNode), group);
    }

    /** This value for the nodes of one group only. */
    public NewSliceTag forGroup(NodeGroupRef forGroup) {
        return new NewSliceTag(slice, type, value, node, Optional.of(forGroup));
    }
}
