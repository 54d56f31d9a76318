package org.planetlab.am.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.planetlab.am.geni.GeniException;

/**
 * The arguments of a registry call, read as SFA clients send them: a credential may come as the
 * signed XML itself, an AM API v3 struct, or a list of either; a name list as one name or several.
 */
final class RegistryArguments {
    private static final int MAX_CREDENTIALS = 16;
    private static final int MAX_NAMES = 1000;

    private final String method;
    private final List<Object> params;

    RegistryArguments(String method, List<Object> params) {
        this.method = method;
        this.params = params;
    }

    void requireCount(int min, int max) {
        if (params.size() < min || params.size() > max) {
            throw GeniException.badArgs(method + " takes " + (min == max ? "" + min : min + " to " + max) + " arguments, not "
                    + params.size());
        }
    }

    String string(int index, String name) {
        if (index < params.size() && params.get(index) instanceof String text) {
            return text;
        }
        throw GeniException.badArgs("argument " + (index + 1) + " (" + name + ") must be a string");
    }

    /** A string that may be missing, nil or empty. */
    Optional<String> optionalString(int index) {
        if (index >= params.size() || params.get(index) == null) {
            return Optional.empty();
        }
        if (params.get(index) instanceof String text) {
            return text.isBlank() ? Optional.empty() : Optional.of(text);
        }
        throw GeniException.badArgs("argument " + (index + 1) + " (type) must be a string");
    }

    List<String> strings(int index, String name) {
        Object value = index < params.size() ? params.get(index) : null;
        if (value instanceof String text) {
            return List.of(text);
        }
        if (value instanceof List<?> list && list.size() <= MAX_NAMES) {
            List<String> texts = new ArrayList<>();
            for (Object item : list) {
                if (!(item instanceof String text)) {
                    throw GeniException.badArgs("argument " + (index + 1) + " (" + name + ") must hold strings");
                }
                texts.add(text);
            }
            return texts;
        }
        throw GeniException.badArgs("argument " + (index + 1) + " (" + name + ") must be a name or a list of at most "
                + MAX_NAMES + " names");
    }

    /** The signed credentials given: the XML, a {@code geni_sfa} struct, or a list of those. */
    List<String> credentials(int index) {
        Object value = index < params.size() ? params.get(index) : null;
        List<?> items = value instanceof List<?> list ? list : value == null ? List.of() : List.of(value);
        if (items.size() > MAX_CREDENTIALS) {
            throw GeniException.badArgs("at most " + MAX_CREDENTIALS + " credentials may be given");
        }
        List<String> credentials = new ArrayList<>();
        for (Object item : items) {
            switch (item) {
                case String text -> credentials.add(text);
                case Map<?, ?> struct when struct.get("geni_value") instanceof String text
                        && "geni_sfa".equalsIgnoreCase(String.valueOf(struct.get("geni_type"))) -> credentials.add(text);
                default -> throw GeniException.badArgs("argument " + (index + 1) + " (credentials) must be signed credentials,"
                        + " as strings or {geni_type: geni_sfa, geni_version, geni_value} structs");
            }
        }
        return credentials;
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> options(int index) {
        if (index >= params.size() || params.get(index) == null) {
            return Map.of();
        }
        if (params.get(index) instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        throw GeniException.badArgs("argument " + (index + 1) + " (options) must be a struct");
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> record(int index) {
        if (index < params.size() && params.get(index) instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        throw GeniException.badArgs("argument " + (index + 1) + " (record) must be a struct with type and hrn (or urn)");
    }
}
