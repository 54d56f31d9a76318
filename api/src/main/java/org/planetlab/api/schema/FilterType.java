package org.planetlab.api.schema;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The filter argument of a Get method, as PLCAPI defines it: nil (everything), an id, a name, an
 * array of ids and names, or a struct of field conditions. In a struct, a field name may carry
 * prefixes: {@code ~} negates, {@code <} {@code >} {@code [} {@code ]} compare (strictly, or
 * inclusively), {@code &} and {@code |} test that an array field holds all or any of the
 * values. A value may be a list (any of them). Keys {@code -SORT} (a field or a list, each
 * optionally prefixed {@code +} or {@code -}), {@code -OFFSET}, {@code -LIMIT} and
 * {@code -AND}/{@code -OR} (join of the conditions) clip and order the result.
 *
 * <p>{@link #check} returns a {@link Filter}.
 */
public record FilterType(StructType objectType, String idField, String nameField) implements ValueType {
    private static final int MAX_VALUES = 10_000;
    private static final int ANY_LENGTH = 1 << 20;

    public FilterType {
        requireNonNull(objectType, "objectType is null");
        requireNonNull(idField, "idField is null");
        objectType.field(idField);
        if (nameField != null) {
            objectType.field(nameField);
        }
    }

    @Override
    public Object check(Object value, String path) {
        return switch (value) {
            case null -> Filter.ALL;
            case Long id -> byIdsAndNames(List.of(id), path);
            case String name -> byIdsAndNames(List.of(name), path);
            case List<?> list -> byIdsAndNames(list, path);
            case Map<?, ?> struct -> byConditions(struct, path);
            default -> throw TypeErrors.mismatch(path, describe(), value);
        };
    }

    private Filter byIdsAndNames(List<?> list, String path) {
        if (list.size() > MAX_VALUES) {
            throw TypeErrors.invalid(path, "holds %d items; at most %d are allowed".formatted(list.size(), MAX_VALUES));
        }
        List<Long> ids = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int index = 0; index < list.size(); index++) {
            Object element = list.get(index);
            String elementPath = path + "[" + index + "]";
            if (element instanceof Long id) {
                ids.add((Long) IntType.ID.check(id, elementPath));
            } else if (element instanceof String name && nameField != null) {
                // Only compared, so only the characters are checked (a slice may be named in either form).
                names.add((String) StringType.max(ANY_LENGTH).check(name, elementPath));
            } else {
                throw TypeErrors.mismatch(elementPath, nameField == null ? "an integer " + idField
                        : "an integer " + idField + " or a string " + nameField, element);
            }
        }
        if (ids.isEmpty() && names.isEmpty()) {
            // An empty list matches nothing, as in PLCAPI.
            return new Filter(List.of(), List.of(),
                    List.of(new Filter.Condition(idField, Filter.Comparison.EQUAL, false, List.of())),
                    false, List.of(), 0, Filter.NO_LIMIT);
        }
        return new Filter(ids, names, List.of(), false, List.of(), 0, Filter.NO_LIMIT);
    }

    private Filter byConditions(Map<?, ?> struct, String path) {
        List<Filter.Condition> conditions = new ArrayList<>();
        List<Filter.SortKey> sort = new ArrayList<>();
        boolean matchAny = false;
        long offset = 0;
        long limit = Filter.NO_LIMIT;
        for (Map.Entry<?, ?> entry : struct.entrySet()) {
            String key = String.valueOf(entry.getKey());
            String keyPath = path + "." + key;
            switch (key) {
                case "-SORT" -> sort.addAll(sortKeys(entry.getValue(), keyPath));
                case "-OFFSET" -> offset = (Long) IntType.NON_NEGATIVE.check(entry.getValue(), keyPath);
                case "-LIMIT" -> limit = (Long) IntType.NON_NEGATIVE.check(entry.getValue(), keyPath);
                case "-AND" -> matchAny = false;
                case "-OR" -> matchAny = true;
                default -> {
                    if (key.startsWith("-")) {
                        throw TypeErrors.invalid(keyPath, "unknown filter option; use -SORT, -OFFSET, -LIMIT, -AND or -OR");
                    }
                    conditions.add(condition(key, entry.getValue(), keyPath));
                }
            }
        }
        return new Filter(List.of(), List.of(), conditions, matchAny, sort, offset, limit);
    }

    private Filter.Condition condition(String key, Object value, String path) {
        int start = 0;
        boolean negated = false;
        Filter.Comparison comparison = Filter.Comparison.EQUAL;
        while (start < key.length() && "~<>[]&|".indexOf(key.charAt(start)) >= 0) {
            char modifier = key.charAt(start++);
            if (modifier == '~') {
                negated = true;
                continue;
            }
            if (comparison != Filter.Comparison.EQUAL) {
                throw TypeErrors.invalid(path, "more than one comparison prefix");
            }
            comparison = switch (modifier) {
                case '<' -> Filter.Comparison.LESS;
                case '>' -> Filter.Comparison.GREATER;
                case '[' -> Filter.Comparison.LESS_OR_EQUAL;
                case ']' -> Filter.Comparison.GREATER_OR_EQUAL;
                case '&' -> Filter.Comparison.CONTAINS_ALL;
                default -> Filter.Comparison.CONTAINS_ANY;
            };
        }
        String fieldName = key.substring(start);
        Field field = objectType.fields().get(fieldName);
        if (field == null) {
            throw TypeErrors.invalid(path, "unknown filter field \"%s\"; %s has %s".formatted(
                    TypeErrors.abbreviate(fieldName), objectType.name(), String.join(", ", objectType.fields().keySet())));
        }
        ValueType fieldType = field.type() instanceof NullableType nullable ? nullable.type() : field.type();
        boolean arrayField = fieldType instanceof ArrayType;
        ValueType elementType = arrayField ? ((ArrayType) fieldType).element() : fieldType;
        if (arrayField && comparison == Filter.Comparison.EQUAL) {
            comparison = Filter.Comparison.CONTAINS_ANY;
        }
        boolean containment = comparison == Filter.Comparison.CONTAINS_ALL || comparison == Filter.Comparison.CONTAINS_ANY;
        if (containment && !arrayField) {
            throw TypeErrors.invalid(path, "& and | apply only to array fields; " + fieldName + " is not one");
        }
        if (!containment && comparison != Filter.Comparison.EQUAL && !(elementType instanceof IntType
                || elementType instanceof DoubleType || elementType instanceof StringType)) {
            throw TypeErrors.invalid(path, "< > [ ] apply only to numbers and strings");
        }
        List<?> rawValues = value instanceof List<?> list ? list : java.util.Collections.singletonList(value);
        if (rawValues.size() > MAX_VALUES) {
            throw TypeErrors.invalid(path, "holds %d values; at most %d are allowed".formatted(rawValues.size(), MAX_VALUES));
        }
        if (comparison != Filter.Comparison.EQUAL && !containment && rawValues.size() != 1) {
            throw TypeErrors.invalid(path, "a comparison takes exactly one value");
        }
        List<Object> values = new ArrayList<>(rawValues.size());
        for (int index = 0; index < rawValues.size(); index++) {
            Object raw = rawValues.get(index);
            String valuePath = rawValues == value ? path + "[" + index + "]" : path;
            if (raw == null) {
                if (containment || comparison != Filter.Comparison.EQUAL) {
                    throw TypeErrors.invalid(valuePath, "nil can only be tested for equality");
                }
                values.add(null);
            } else if (raw instanceof String text && elementType instanceof StringType) {
                // A filter value only has to be comparable: patterns ("*a*b*") and values stored
                // under older rules need not match the field's current format, so only the
                // characters are checked.
                values.add(StringType.max(ANY_LENGTH).check(text, valuePath));
            } else {
                values.add(elementType.check(raw, valuePath));
            }
        }
        return new Filter.Condition(fieldName, comparison, negated, values);
    }

    private List<Filter.SortKey> sortKeys(Object value, String path) {
        List<?> raw = value instanceof List<?> list ? list : List.of(value == null ? "" : value);
        List<Filter.SortKey> keys = new ArrayList<>();
        for (Object element : raw) {
            if (!(element instanceof String text) || text.isEmpty()) {
                throw TypeErrors.mismatch(path, "a field name, optionally prefixed with + or -", element);
            }
            boolean descending = text.startsWith("-");
            String fieldName = text.startsWith("-") || text.startsWith("+") ? text.substring(1) : text;
            if (!objectType.fields().containsKey(fieldName)
                    || objectType.field(fieldName).type() instanceof ArrayType) {
                throw TypeErrors.invalid(path, "cannot sort by \"%s\"; it is not a scalar field of %s".formatted(
                        TypeErrors.abbreviate(fieldName), objectType.name()));
            }
            keys.add(new Filter.SortKey(fieldName, descending));
        }
        return keys;
    }

    @Override
    public String describe() {
        String byName = nameField == null ? "" : ", a " + nameField + ",";
        return "nil, an " + idField + byName + " an array of those, or a struct of " + objectType.name() + " field conditions";
    }

    @Override
    public String xmlRpcName() {
        return String.join("|", xmlRpcNames());
    }

    /** An id, a name (where the object has one), a list of them, a struct of conditions, or nil for all. */
    @Override
    public List<String> xmlRpcNames() {
        return nameField == null ? List.of("int", "array", "struct", "nil")
                : List.of("int", "string", "array", "struct", "nil");
    }
}
