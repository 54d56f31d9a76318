package org.planetlab.plc.slice;

import static java.util.Objects.requireNonNull;

/** An attribute set for a whole slice (not for one node or node group): its tag, its name and value. */
public record SliceAttribute(long sliceTagId, String tagname, String value) {
    public SliceAttribute {
        requireNonNull(tagname, "tagname is null");
        requireNonNull(value, "value is null");
    }
}
