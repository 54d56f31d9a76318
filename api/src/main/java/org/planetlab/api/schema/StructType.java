package org.planetlab.api.schema;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * A struct with named fields. Checking refuses unknown fields (naming the ones allowed),
 * read-only fields and missing required fields, and checks each field's type.
 */
public record StructType(String name, Map<String, Field> fields, Set<String> required) implements ValueType {
    public StructType {
        requireNonNull(name, "name is null");
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(fields, "fields is null")));
        required = Set.copyOf(requireNonNull(required, "required is null"));
        for (String field : required) {
            if (!fields.containsKey(field)) {
                throw new IllegalArgumentException("required field " + field + " is not a field of " + name);
            }
        }
    }

    public static StructType of(String name, Field... fields) {
        Map<String, Field> byName = new LinkedHashMap<>();
        for (Field field : fields) {
            if (byName.put(field.name(), field) != null) {
                throw new IllegalArgumentException("duplicate field " + field.name());
            }
        }
        return new StructType(name, byName, Set.of());
    }

    /** This struct restricted to the fields callers may set. */
    public StructType writable() {
        Map<String, Field> writable = new LinkedHashMap<>();
        fields.forEach((key, field) -> {
            if (!field.readOnly()) {
                writable.put(key, field);
            }
        });
        return new StructType(name, writable, Set.of());
    }

    /** This struct restricted to the named fields. */
    public StructType only(String... names) {
        Map<String, Field> subset = new LinkedHashMap<>();
        for (String field : names) {
            Field found = fields.get(field);
            if (found == null) {
                throw new IllegalArgumentException(field + " is not a field of " + name);
            }
            subset.put(field, found);
        }
        return new StructType(name, subset, Set.of());
    }

    /** This struct with the named fields required. */
    public StructType requiring(String... names) {
        Set<String> all = new TreeSet<>(required);
        all.addAll(Arrays.asList(names));
        return new StructType(name, fields, all);
    }

    /** The named field; the name must exist. */
    public Field field(String fieldName) {
        Field field = fields.get(fieldName);
        if (field == null) {
            throw new IllegalArgumentException(fieldName + " is not a field of " + name);
        }
        return field;
    }

    @Override
    public Object check(Object value, String path) {
        if (!(value instanceof Map<?, ?> map)) {
            throw TypeErrors.mismatch(path, describe(), value);
        }
        Map<String, Object> checked = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            String key = String.valueOf(entry.getKey());
            Field field = fields.get(key);
            String fieldPath = path + "." + key;
            if (field == null) {
                throw TypeErrors.invalid(fieldPath, "unknown field; %s accepts %s".formatted(name, knownFields()));
            }
            if (field.readOnly()) {
                throw TypeErrors.invalid(fieldPath, "is read-only and cannot be set");
            }
            checked.put(key, field.type().check(entry.getValue(), fieldPath));
        }
        List<String> missing = required.stream().filter(field -> !checked.containsKey(field)).sorted().toList();
        if (!missing.isEmpty()) {
            throw TypeErrors.invalid(path, "missing required field%s %s".formatted(
                    missing.size() == 1 ? "" : "s", String.join(", ", missing)));
        }
        return Collections.unmodifiableMap(checked);
    }

    private String knownFields() {
        List<String> writable = fields.values().stream().filter(field -> !field.readOnly()).map(Field::name).toList();
        return writable.isEmpty() ? "no fields" : String.join(", ", writable);
    }

    @Override
    public String describe() {
        return "a " + name + " struct";
    }

    /** A multi-line listing of the fields, for help texts. */
    public String describeFields() {
        return fields.values().stream()
                .map(field -> "  %s%s: %s%s. %s".formatted(field.name(),
                        required.contains(field.name()) ? " (required)" : "",
                        field.type().describe(), field.readOnly() ? ", read-only" : "", field.doc()))
                .collect(Collectors.joining("\n"));
    }

    @Override
    public String xmlRpcName() {
        return "struct";
    }
}
