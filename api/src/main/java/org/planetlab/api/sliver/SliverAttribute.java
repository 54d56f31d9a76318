package org.planetlab.api.sliver;

import static java.util.Objects.requireNonNull;

/**
 * One attribute (slice tag) that applies to a sliver on this node, after per-node over per-group
 * over slice resolution.
 */
public record SliverAttribute(String tagname, String value) {
    public SliverAttribute {
        requireNonNull(tagname, "tagname is null");
        requireNonNull(value, "value is null");
    }
}
