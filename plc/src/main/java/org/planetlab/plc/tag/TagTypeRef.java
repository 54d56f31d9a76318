package org.planetlab.plc.tag;

import static java.util.Objects.requireNonNull;

/** A tag type named by id or by tagname, as callers may name it. */
public sealed interface TagTypeRef {
    /** The tag type with this tag_type_id. */
    record ById(long tagTypeId) implements TagTypeRef {}

    /** The tag type with this tagname. */
    record ByName(String tagname) implements TagTypeRef {
        public ByName {
            requireNonNull(tagname, "tagname is null");
        }
    }

    static TagTypeRef of(long tagTypeId) {
        return new ById(tagTypeId);
    }

    static TagTypeRef of(String tagname) {
        return new ByName(tagname);
    }

    /** The reference as the wire gives it: an id or a tagname. */
    default Object key() {
        return switch (this) {
            case ById byId -> byId.tagTypeId();
            case ByName byName -> byName.tagname();
        };
    }
}
