package org.planetlab.cli.output;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.planetlab.api.schema.ValueType;

/**
 * How a result should look to a person: its declared type (so timestamps read as dates) and the
 * columns a table shows first; empty columns means every field.
 *
 * @param type the result type the method declares
 * @param columns the preferred table columns
 */
public record Presentation(ValueType type, List<String> columns) {
    public Presentation {
        requireNonNull(type, "type is null");
        columns = List.copyOf(requireNonNull(columns, "columns is null"));
    }

    public static Presentation of(ValueType type) {
        return new Presentation(type, List.of());
    }
}
