package org.planetlab.api.nodemanager;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.planetlab.api.error.PlanetLabException;

/** Typed reading of one request's or reply's members, with errors naming the member. */
record WireFields(Map<?, ?> values) {
    static WireFields of(Object wire) {
        if (wire == null) {
            return new WireFields(Map.of());
        }
        if (!(wire instanceof Map<?, ?> map)) {
            throw PlanetLabException.invalidArgument("\"params\" must be an object");
        }
        return new WireFields(map);
    }

    Object required(String name) {
        Object value = values.get(name);
        if (value == null) {
            throw PlanetLabException.invalidArgument("parameter " + name + " is required");
        }
        return value;
    }

    Object optional(String name) {
        return values.get(name);
    }

    String string(String name) {
        if (!(required(name) instanceof String text)) {
            throw PlanetLabException.invalidArgument("parameter " + name + " must be a string");
        }
        return text;
    }

    String optionalString(String name) {
        return values.get(name) == null ? null : string(name);
    }

    boolean bool(String name) {
        if (!(required(name) instanceof Boolean value)) {
            throw PlanetLabException.invalidArgument("parameter " + name + " must be true or false");
        }
        return value;
    }

    long count(String name) {
        if (!(required(name) instanceof Long number) || number < 0) {
            throw PlanetLabException.invalidArgument("parameter " + name + " must be a non-negative whole number");
        }
        return number;
    }

    /** A non-negative whole number, or {@code absent} when the member is not given. */
    long optionalCount(String name, long absent) {
        return values.get(name) == null ? absent : count(name);
    }

    List<String> strings(String name) {
        return strings(name, values.get(name));
    }

    List<String> optionalStrings(String name) {
        return values.get(name) == null ? null : strings(name);
    }

    static List<String> strings(String name, Object value) {
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list)) {
            throw PlanetLabException.invalidArgument("parameter " + name + " must be an array of strings");
        }
        List<String> strings = new ArrayList<>();
        for (Object element : list) {
            if (!(element instanceof String text)) {
                throw PlanetLabException.invalidArgument("parameter " + name + " must be an array of strings");
            }
            strings.add(text);
        }
        return strings;
    }
}
