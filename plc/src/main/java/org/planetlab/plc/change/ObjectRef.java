package org.planetlab.plc.change;

import static java.util.Objects.requireNonNull;

/** One registry object, by type and id. */
public record ObjectRef(ObjectType type, long id) {
    public ObjectRef {
        requireNonNull(type, "type is null");
    }
}
