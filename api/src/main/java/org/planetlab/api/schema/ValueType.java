package org.planetlab.api.schema;

/**
 * The declared type of a method argument, struct field or result. A type checks a decoded
 * neutral value (see {@link org.planetlab.api.wire.WireValues}) and returns it normalized, or
 * throws an {@code INVALID_ARGUMENT} error whose message names the path of the offending value
 * and what was expected.
 */
public sealed interface ValueType
        permits IntType, DoubleType, BoolType, StringType, StructType, ArrayType, MixedType, NullableType,
        AnyType, FilterType {
    /**
     * Checks {@code value}, found at {@code path} (for example {@code site_fields.login_base}),
     * and returns it in normal form.
     */
    Object check(Object value, String path);

    /** What a valid value looks like, for help texts and error messages. */
    String describe();

    /** The XML-RPC type name, or the names of the alternatives joined by {@code |}. */
    String xmlRpcName();

    /**
     * The XML-RPC type names of the values this type accepts (one per alternative, {@code nil}
     * included when nil is accepted), as {@code system.methodSignature} lists them.
     */
    default java.util.List<String> xmlRpcNames() {
        return java.util.List.of(xmlRpcName());
    }
}
