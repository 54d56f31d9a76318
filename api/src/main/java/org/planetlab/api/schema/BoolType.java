package org.planetlab.api.schema;

/** A boolean. */
public record BoolType() implements ValueType {
    public static final BoolType INSTANCE = new BoolType();

    @Override
    public Object check(Object value, String path) {
        if (value instanceof Boolean bool) {
            return bool;
        }
        throw TypeErrors.mismatch(path, describe(), value);
    }

    @Override
    public String describe() {
        return "a boolean";
    }

    @Override
    public String xmlRpcName() {
        return "boolean";
    }
}
