package org.planetlab.am.call;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import org.planetlab.am.geni.GeniException;

/**
 * The positional arguments of one AM API call, read with the types the specification gives them;
 * a missing or mistyped argument is {@code BADARGS} naming it. A trailing options struct may be
 * left out.
 */
final class CallArguments {
    private final String method;
    private final List<Object> params;

    CallArguments(String method, List<Object> params) {
        this.method = method;
        this.params = params;
    }

    void requireCount(int min, int max) {
        if (params.size() < min || params.size() > max) {
            throw GeniException.badArgs(method + " takes " + (min == max ? min : min + " to " + max) + " arguments, not "
                    + params.size());
        }
    }

    String string(int index, String name) {
        if (index >= params.size() || !(params.get(index) instanceof String text)) {
            throw GeniException.badArgs(method + ": argument " + (index + 1) + " (" + name + ") must be a string");
        }
        return text;
    }

    List<?> list(int index, String name) {
        if (index >= params.size() || !(params.get(index) instanceof List<?> list)) {
            throw GeniException.badArgs(method + ": argument " + (index + 1) + " (" + name + ") must be an array");
        }
        return list;
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> options(int index) {
        if (index >= params.size()) {
            return Map.of();
        }
        if (!(params.get(index) instanceof Map<?, ?> map)) {
            throw GeniException.badArgs(method + ": argument " + (index + 1) + " (options) must be a struct");
        }
        return (Map<String, Object>) map;
    }

    /** A time given as an XML-RPC dateTime or an RFC 3339 string (UTC when no zone is given). */
    Instant time(int index, String name) {
        Object value = index < params.size() ? params.get(index) : null;
        if (value instanceof Instant instant) {
            return instant;
        }
        if (value instanceof String text) {
            return parseTime(text, method + ": " + name);
        }
        throw GeniException.badArgs(method + ": argument " + (index + 1) + " (" + name + ") must be a time (RFC 3339)");
    }

    static Instant parseTime(String text, String what) {
        try {
            return OffsetDateTime.parse(text.strip()).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return LocalDateTime.parse(text.strip()).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException again) {
                throw GeniException.badArgs(what + ": \"" + text + "\" is not an RFC 3339 time such as 2026-12-24T12:00:00Z");
            }
        }
    }

    static boolean flag(Map<String, Object> options, String name) {
        Object value = options.get(name);
        if (value == null) {
            return false;
        }
        if (value instanceof Boolean bool) {
            return bool;
        }
        if (value instanceof Number number) {
            return number.intValue() != 0;
        }
        if (value instanceof String text) {
            return text.equalsIgnoreCase("true") || text.equals("1");
        }
        throw GeniException.badArgs("option " + name + " must be a boolean");
    }
}
