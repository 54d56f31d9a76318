package org.planetlab.plc.slice;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * An attribute of a slice, set for the whole slice or for one node (not a node group): its tag,
 * its name and value.
 *
 * @param hostname the node it is set for; empty when it is set for the whole slice
 */
public record SliceAttribute(long sliceTagId, String tagname, String value, Optional<String> hostname) {
    public SliceAttribute {
        requireNonNull(tagname, "tagname is null");
        requireNonNull(value, "value is null");
        requireNonNull(hostname, "hostname is null");
    }
}
