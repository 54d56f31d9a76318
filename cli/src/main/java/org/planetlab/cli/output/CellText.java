package org.planetlab.cli.output;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.planetlab.api.schema.ArrayType;
import org.planetlab.api.schema.IntType;
import org.planetlab.api.schema.NullableType;
import org.planetlab.api.schema.StructType;
import org.planetlab.api.schema.ValueType;

/**
 * Writes one value as a short line of text for tables and records: nil as {@code -}, timestamps
 * as UTC dates, lists as {@code a,b,c} (long ones cut, with the count of the rest), structs as
 * {@code key=value} pairs, line breaks shown as {@code \n}.
 */
final class CellText {
    private static final int MAX_LIST_ITEMS = 8;
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC);

    /**
     * Fields read as dates where the result's type does not say (GetSlivers answers a free-form
     * struct); elsewhere the declared type decides.
     */
    private static final Set<String> TIME_FIELDS = Set.of("expires", "timestamp", "created", "date_created",
            "last_updated", "last_contact", "time");

    private CellText() {}

    /** A field's value, by its declared type or, if that is unknown, by its name. */
    static String field(Object value, ValueType type, String name) {
        if (type == null && value instanceof Long seconds && TIME_FIELDS.contains(name)) {
            return of(seconds, IntType.TIMESTAMP);
        }
        return of(value, type);
    }

    static String of(Object value, ValueType type) {
        return switch (value) {
            case null -> "-";
            case Long number when isTimestamp(type) -> DATE.format(Instant.ofEpochSecond(number));
            case String text -> text.replace("\r", "\\r").replace("\n", "\\n").replace("\t", " ");
            case List<?> list -> list(list, elementType(type));
            case Map<?, ?> map -> struct(map, type);
            case byte[] bytes -> Base64.getEncoder().encodeToString(bytes);
            case Instant instant -> DATE.format(instant);
            default -> String.valueOf(value);
        };
    }

    private static String list(List<?> list, ValueType elementType) {
        if (list.isEmpty()) {
            return "-";
        }
        String shown = list.stream().limit(MAX_LIST_ITEMS).map(element -> of(element, elementType))
                .collect(Collectors.joining(","));
        return list.size() > MAX_LIST_ITEMS ? shown + ",...(+" + (list.size() - MAX_LIST_ITEMS) + ")" : shown;
    }

    private static String struct(Map<?, ?> map, ValueType type) {
        return map.entrySet().stream()
                .map(entry -> entry.getKey() + "=" + field(entry.getValue(), fieldType(type, String.valueOf(entry.getKey())),
                        String.valueOf(entry.getKey())))
                .collect(Collectors.joining(" ", "{", "}"));
    }

    /** The declared type of a field of a struct type; null if unknown. */
    static ValueType fieldType(ValueType type, String field) {
        if (unwrap(type) instanceof StructType struct && struct.fields().containsKey(field)) {
            return struct.fields().get(field).type();
        }
        return null;
    }

    /** The element type of an array type; null if unknown. */
    static ValueType elementType(ValueType type) {
        return unwrap(type) instanceof ArrayType array ? array.element() : null;
    }

    /** The struct type of the rows of an array-of-structs type. */
    static Optional<StructType> rowType(ValueType type) {
        return elementType(type) instanceof StructType struct ? Optional.of(struct) : Optional.empty();
    }

    private static boolean isTimestamp(ValueType type) {
        return IntType.TIMESTAMP.equals(unwrap(type));
    }

    private static ValueType unwrap(ValueType type) {
        return type instanceof NullableType nullable ? nullable.type() : type;
    }
}
