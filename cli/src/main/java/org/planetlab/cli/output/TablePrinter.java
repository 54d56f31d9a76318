package org.planetlab.cli.output;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.planetlab.api.schema.StructType;

/**
 * Prints a list of structs as a table: one row per struct, columns as wide as their widest cell
 * (cells longer than {@value #MAX_CELL} characters are cut), numbers aligned right.
 */
final class TablePrinter {
    static final int MAX_CELL = 60;
    private static final String GAP = "  ";

    private TablePrinter() {}

    /**
     * Prints the rows; with {@code dropEmpty}, columns with no value in any row are left out (for
     * tables nested in a record, which show every field).
     */
    static void print(List<Map<?, ?>> rows, List<String> preferred, StructType rowType, boolean dropEmpty, String indent,
            PrintWriter out) {
        List<String> columns = columns(rows, preferred);
        if (dropEmpty) {
            columns = columns.stream().filter(column -> rows.stream().anyMatch(row -> hasValue(row.get(column)))).toList();
        }
        if (rows.isEmpty() || columns.isEmpty()) {
            return;
        }
        List<List<String>> cells = new ArrayList<>();
        for (Map<?, ?> row : rows) {
            List<String> line = new ArrayList<>();
            for (String column : columns) {
                line.add(cut(CellText.field(row.get(column), CellText.fieldType(rowType, column), column)));
            }
            cells.add(line);
        }
        int[] widths = new int[columns.size()];
        boolean[] numeric = new boolean[columns.size()];
        for (int index = 0; index < columns.size(); index++) {
            widths[index] = columns.get(index).length();
            numeric[index] = true;
            for (int row = 0; row < rows.size(); row++) {
                widths[index] = Math.max(widths[index], length(cells.get(row).get(index)));
                numeric[index] &= rows.get(row).get(columns.get(index)) instanceof Number;
            }
        }
        List<String> header = columns.stream().map(column -> column.toUpperCase(Locale.ROOT)).toList();
        out.println(indent + line(header, widths, new boolean[columns.size()]));
        for (List<String> line : cells) {
            out.println(indent + line(line, widths, numeric));
        }
    }

    private static boolean hasValue(Object value) {
        return value != null && !(value instanceof List<?> list && list.isEmpty())
                && !(value instanceof Map<?, ?> map && map.isEmpty());
    }

    private static List<String> columns(List<Map<?, ?>> rows, List<String> preferred) {
        Set<String> present = new LinkedHashSet<>();
        rows.forEach(row -> row.keySet().forEach(key -> present.add(String.valueOf(key))));
        if (preferred.isEmpty()) {
            return List.copyOf(present);
        }
        return preferred.stream().filter(present::contains).toList();
    }

    private static String line(List<String> cells, int[] widths, boolean[] rightAligned) {
        StringBuilder text = new StringBuilder();
        for (int index = 0; index < cells.size(); index++) {
            String cell = cells.get(index);
            boolean last = index == cells.size() - 1;
            String padding = " ".repeat(widths[index] - length(cell));
            if (rightAligned[index]) {
                text.append(padding).append(cell);
            } else {
                text.append(cell).append(last ? "" : padding);
            }
            if (!last) {
                text.append(GAP);
            }
        }
        return text.toString().stripTrailing();
    }

    private static String cut(String cell) {
        return length(cell) <= MAX_CELL ? cell
                : cell.substring(0, cell.offsetByCodePoints(0, MAX_CELL - 3)) + "...";
    }

    private static int length(String text) {
        return text.codePointCount(0, text.length());
    }
}
