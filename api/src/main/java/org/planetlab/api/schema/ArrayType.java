package org.planetlab.api.schema;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** An array of at most {@code maxItems} values of one element type. */
public record ArrayType(ValueType element, int maxItems) implements ValueType {
    public ArrayType {
        requireNonNull(element, "element is null");
        if (maxItems < 0) {
            throw new IllegalArgumentException("maxItems is negative");
        }
    }

    public static ArrayType of(ValueType element) {
        return new ArrayType(element, 100_000);
    }

    @Override
    public Object check(Object value, String path) {
        if (!(value instanceof List<?> list)) {
            throw TypeErrors.mismatch(path, describe(), value);
        }
        if (list.size() > maxItems) {
            throw TypeErrors.invalid(path, "holds %d items; at most %d are allowed".formatted(list.size(), maxItems));
        }
        List<Object> checked = new ArrayList<>(list.size());
        for (int index = 0; index < list.size(); index++) {
            checked.add(element.check(list.get(index), path + "[" + index + "]"));
        }
        return Collections.unmodifiableList(checked);
    }

    @Override
    public String describe() {
        return "an array of " + plural(element.describe());
    }

    private static String plural(String description) {
        return description.startsWith("an ") ? description.substring(3) + " values"
                : description.startsWith("a ") ? description.substring(2) + " values" : description;
    }

    @Override
    public String xmlRpcName() {
        return "array";
    }
}
