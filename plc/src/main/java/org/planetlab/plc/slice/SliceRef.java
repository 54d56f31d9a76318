package org.planetlab.plc.slice;

import static java.util.Objects.requireNonNull;

/** A live slice named by id or by name (PLCAPI's login_base_name or a hierarchical name). */
public sealed interface SliceRef {
    /** The slice with this slice_id. */
    record ById(long sliceId) implements SliceRef {}

    /** The slice with this name. */
    record ByName(String name) implements SliceRef {
        public ByName {
            requireNonNull(name, "name is null");
        }
    }

    static SliceRef of(long sliceId) {
        return new ById(sliceId);
    }

    static SliceRef of(String name) {
        return new ByName(name);
    }

    /** The reference as the wire gives it: an id or a name. */
    default Object key() {
        return switch (this) {
            case ById byId -> byId.sliceId();
            case ByName byName -> byName.name();
        };
    }
}
