package org.planetlab.api.schema;

/** Any value; used only to document results whose shape varies. */
public record AnyType(String description) implements ValueType {
    @Override
    public Object check(Object value, String path) {
        return value;
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public String xmlRpcName() {
        return "mixed";
    }
}
