package org.planetlab.api.method;

import static java.util.Objects.requireNonNull;

import org.planetlab.api.schema.ValueType;

/**
 * One positional parameter of a method (after {@code auth}).
 *
 * @param name the name, used as the key in the JSON API and in help
 * @param type what it accepts
 * @param doc one line for help texts
 * @param optional whether it may be left out (trailing parameters only)
 */
public record Param(String name, ValueType type, String doc, boolean optional) {
    public Param {
        requireNonNull(name, "name is null");
        requireNonNull(type, "type is null");
        requireNonNull(doc, "doc is null");
    }

    public static Param required(String name, ValueType type, String doc) {
        return new Param(name, type, doc, false);
    }

    public static Param optional(String name, ValueType type, String doc) {
        return new Param(name, type, doc, true);
    }
}
