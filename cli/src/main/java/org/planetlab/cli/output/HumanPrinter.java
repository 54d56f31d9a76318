package org.planetlab.cli.output;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import org.planetlab.api.schema.StructType;
import org.planetlab.api.schema.ValueType;

/**
 * The format for people: a list of structs as a table, one struct as a record, a list of plain
 * values one per line, text as it is (e.g. a plnode.txt), and nothing for nil.
 */
public final class HumanPrinter implements Printer {
    @Override
    public void print(Object result, Presentation presentation, PrintWriter out) {
        switch (result) {
            case null -> { }
            case List<?> list when list.stream().allMatch(Map.class::isInstance) && !list.isEmpty() -> {
                @SuppressWarnings("unchecked")
                List<Map<?, ?>> rows = (List<Map<?, ?>>) list;
                StructType rowType = CellText.rowType(presentation.type()).orElse(null);
                TablePrinter.print(rows, presentation.columns(), rowType, false, "", out);
            }
            case List<?> list -> {
                ValueType elementType = CellText.elementType(presentation.type());
                list.forEach(element -> out.println(CellText.of(element, elementType)));
            }
            case Map<?, ?> record -> RecordPrinter.print(record, presentation.type(), "", out);
            case String text -> out.println(text.endsWith("\n") ? text.substring(0, text.length() - 1) : text);
            default -> out.println(CellText.of(result, presentation.type()));
        }
        out.flush();
    }
}
