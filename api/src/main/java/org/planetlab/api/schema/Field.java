package org.planetlab.api.schema;

import static java.util.Objects.requireNonNull;

/**
 * One field of an object or argument struct.
 *
 * @param name the wire name, as PLCAPI spells it
 * @param type what values it takes
 * @param doc one line for help texts
 * @param readOnly true if the server computes it and callers may not set it
 */
public record Field(String name, ValueType type, String doc, boolean readOnly) {
    public Field {
        requireNonNull(name, "name is null");
        requireNonNull(type, "type is null");
        requireNonNull(doc, "doc is null");
    }

    public static Field writable(String name, ValueType type, String doc) {
        return new Field(name, type, doc, false);
    }

    public static Field readOnly(String name, ValueType type, String doc) {
        return new Field(name, type, doc, true);
    }
}
