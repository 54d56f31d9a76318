package org.planetlab.cli.output;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import org.planetlab.api.schema.ValueType;

/**
 * Prints one struct as {@code field: value} lines, names aligned; a field holding a list of
 * structs is printed as an indented table under its name, a nested struct as an indented record.
 */
final class RecordPrinter {
    private static final String INDENT = "  ";

    private RecordPrinter() {}

    static void print(Map<?, ?> record, ValueType type, String indent, PrintWriter out) {
        int width = record.keySet().stream().mapToInt(key -> String.valueOf(key).length()).max().orElse(0);
        for (Map.Entry<?, ?> entry : record.entrySet()) {
            String name = String.valueOf(entry.getKey());
            ValueType fieldType = CellText.fieldType(type, name);
            Object value = entry.getValue();
            if (isListOfStructs(value)) {
                out.println(indent + name + ":");
                @SuppressWarnings("unchecked")
                List<Map<?, ?>> rows = (List<Map<?, ?>>) value;
                TablePrinter.print(rows, List.of(), CellText.rowType(fieldType).orElse(null), true, indent + INDENT, out);
            } else if (value instanceof Map<?, ?> nested && !nested.isEmpty()) {
                out.println(indent + name + ":");
                print(nested, fieldType, indent + INDENT, out);
            } else {
                out.println(indent + name + ":" + " ".repeat(width - name.length() + 1) + CellText.field(value, fieldType, name));
            }
        }
    }

    private static boolean isListOfStructs(Object value) {
        return value instanceof List<?> list && !list.isEmpty() && list.stream().allMatch(Map.class::isInstance);
    }
}
