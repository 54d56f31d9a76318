package org.planetlab.api.schema;

import static java.util.Objects.requireNonNull;

/** A value of {@code type}, or nil. */
public record NullableType(ValueType type) implements ValueType {
    public NullableType {
        requireNonNull(type, "type is null");
    }

    @Override
    public Object check(Object value, String path) {
        return value == null ? null : type.check(value, path);
    }

    @Override
    public String describe() {
        return type.describe() + " or nil";
    }

    @Override
    public String xmlRpcName() {
        return type.xmlRpcName();
    }

    @Override
    public java.util.List<String> xmlRpcNames() {
        java.util.List<String> names = new java.util.ArrayList<>(type.xmlRpcNames());
        if (!names.contains("nil")) {
            names.add("nil");
        }
        return java.util.List.copyOf(names);
    }
}
