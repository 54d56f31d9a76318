package org.planetlab.api.schema;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A value not checked here; used only to document values whose shape varies or is checked
 * elsewhere.
 *
 * @param description what the value is, for help texts
 * @param xmlRpcNames the XML-RPC types it may have, for {@code system.methodSignature}
 */
public record AnyType(String description, List<String> xmlRpcNames) implements ValueType {
    /** Every XML-RPC type a value may have. */
    private static final List<String> EVERY_TYPE = List.of("int", "boolean", "string", "double", "array", "struct",
            "nil");

    public AnyType {
        requireNonNull(description, "description is null");
        xmlRpcNames = List.copyOf(requireNonNull(xmlRpcNames, "xmlRpcNames is null"));
        if (xmlRpcNames.isEmpty() || !EVERY_TYPE.containsAll(xmlRpcNames)) {
            throw new IllegalArgumentException("XML-RPC type names must be among " + EVERY_TYPE);
        }
    }

    /** A value of any type. */
    public AnyType(String description) {
        this(description, EVERY_TYPE);
    }

    /** A struct whose fields are checked elsewhere. */
    public static AnyType struct(String description) {
        return new AnyType(description, List.of("struct"));
    }

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
        return String.join("|", xmlRpcNames);
    }
}
