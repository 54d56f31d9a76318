package org.planetlab.api.schema;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.stream.Collectors;

/**
 * One of several types, tried in order; PLCAPI's {@code Mixed}, used where an object may be
 * named by its id or its name.
 */
public record MixedType(List<ValueType> alternatives) implements ValueType {
    public MixedType {
        alternatives = List.copyOf(requireNonNull(alternatives, "alternatives is null"));
        if (alternatives.size() < 2) {
            throw new IllegalArgumentException("a mixed type needs two alternatives");
        }
    }

    public static MixedType of(ValueType... alternatives) {
        return new MixedType(List.of(alternatives));
    }

    @Override
    public Object check(Object value, String path) {
        for (ValueType alternative : alternatives) {
            if (accepts(alternative, value)) {
                // The value has the shape of this alternative: its check decides, with its message.
                return alternative.check(value, path);
            }
        }
        throw TypeErrors.mismatch(path, describe(), value);
    }

    private static boolean accepts(ValueType type, Object value) {
        return switch (type) {
            case IntType ignored -> value instanceof Long || value instanceof Integer;
            case StringType ignored -> value instanceof String;
            case BoolType ignored -> value instanceof Boolean;
            case StructType ignored -> value instanceof java.util.Map<?, ?>;
            case ArrayType ignored -> value instanceof List<?>;
            case DoubleType ignored -> value instanceof Double || value instanceof Long;
            case NullableType nullable -> value == null || accepts(nullable.type(), value);
            default -> false;
        };
    }

    @Override
    public String describe() {
        return alternatives.stream().map(ValueType::describe).collect(Collectors.joining(" or "));
    }

    @Override
    public String xmlRpcName() {
        return String.join("|", xmlRpcNames());
    }

    @Override
    public List<String> xmlRpcNames() {
        return alternatives.stream().flatMap(alternative -> alternative.xmlRpcNames().stream()).distinct().toList();
    }
}
