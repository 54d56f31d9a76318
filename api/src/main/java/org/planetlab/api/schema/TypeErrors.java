package org.planetlab.api.schema;

import org.planetlab.api.error.PlanetLabException;
import org.planetlab.api.wire.WireValues;

/** Builds the argument errors the types throw, in one wording. */
final class TypeErrors {
    private TypeErrors() {}

    static PlanetLabException mismatch(String path, String expected, Object actual) {
        return PlanetLabException.invalidArgument(
                "%s: expected %s, got %s".formatted(path, expected, describeValue(actual)));
    }

    static PlanetLabException invalid(String path, String problem) {
        return PlanetLabException.invalidArgument(path + ": " + problem);
    }

    static String describeValue(Object value) {
        String kind = WireValues.kindOf(value);
        return switch (value) {
            case null -> "nil";
            case String text -> "the string \"" + abbreviate(text) + "\"";
            case Long number -> "the integer " + number;
            case Double number -> "the double " + number;
            case Boolean bool -> "the boolean " + bool;
            default -> "a value of type " + kind;
        };
    }

    static String abbreviate(String text) {
        return text.length() <= 60 ? text : text.substring(0, 60) + "...";
    }
}
