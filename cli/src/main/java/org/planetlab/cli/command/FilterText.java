package org.planetlab.cli.command;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.planetlab.api.schema.ArrayType;
import org.planetlab.api.schema.Field;
import org.planetlab.api.schema.FilterType;
import org.planetlab.api.schema.IntType;
import org.planetlab.api.schema.MixedType;
import org.planetlab.api.schema.NullableType;
import org.planetlab.api.schema.StringType;
import org.planetlab.api.schema.ValueType;
import picocli.CommandLine.TypeConversionException;

/**
 * Builds the filter argument of a Get method from a list command's arguments: ids and names, or
 * a struct of conditions from {@code --filter FIELD=VALUE} (with PLCAPI's prefixes, e.g.
 * {@code ~name=*x*}, {@code >max_slices=3}; a field given twice matches either value),
 * {@code --sort}, {@code --limit} and {@code --offset}. Values are converted by the field's
 * type; which conditions make sense is the server's to say.
 */
final class FilterText {
    private static final String MODIFIERS = "~<>[]&|";

    private FilterText() {}

    /** An id or a name of the filtered object, as written on the command line. */
    static Object reference(String text, FilterType filter) {
        if (filter.nameField() == null) {
            return ArgumentText.convert(text, IntType.ID, "");
        }
        ValueType nameType = filter.objectType().field(filter.nameField()).type();
        return ArgumentText.convert(text, MixedType.of(IntType.ID, unwrap(nameType)), "");
    }

    /**
     * The filter: nil if nothing was asked, the list of references if only those were given,
     * else a struct of conditions.
     */
    static Object build(FilterType filter, List<Object> references, List<String> conditions, List<String> sort, Long limit,
            Long offset) {
        boolean plain = conditions.isEmpty() && sort.isEmpty() && limit == null && offset == null;
        if (plain) {
            return references.isEmpty() ? null : List.copyOf(references);
        }
        Map<String, Object> struct = new LinkedHashMap<>();
        for (String condition : conditions) {
            addCondition(struct, condition, filter);
        }
        addReferences(struct, references, filter);
        if (!sort.isEmpty()) {
            struct.put("-SORT", List.copyOf(sort));
        }
        if (limit != null) {
            struct.put("-LIMIT", limit);
        }
        if (offset != null) {
            struct.put("-OFFSET", offset);
        }
        return struct;
    }

    private static void addCondition(Map<String, Object> struct, String condition, FilterType filter) {
        int equals = condition.indexOf('=');
        if (equals <= 0) {
            throw new TypeConversionException("--filter: expected FIELD=VALUE, e.g. login_base=princeton or '>max_slices=3',"
                    + " got '" + condition + "'");
        }
        String key = condition.substring(0, equals);
        String text = condition.substring(equals + 1);
        Object value = value(key, text, filter);
        Object previous = struct.get(key);
        if (previous == null) {
            struct.put(key, value);
        } else if (previous instanceof List<?> list) {
            List<Object> more = new ArrayList<>(list);
            more.add(value);
            struct.put(key, more);
        } else {
            struct.put(key, new ArrayList<>(List.of(previous, value)));
        }
    }

    private static Object value(String key, String text, FilterType filter) {
        int start = 0;
        while (start < key.length() && MODIFIERS.indexOf(key.charAt(start)) >= 0) {
            start++;
        }
        Field field = filter.objectType().fields().get(key.substring(start));
        if (field == null) {
            // Unknown field: the server names the fields there are.
            return text;
        }
        ValueType type = unwrap(field.type());
        if (type instanceof ArrayType array) {
            type = unwrap(array.element());
        }
        if (type instanceof StringType) {
            return text;
        }
        return ArgumentText.convert(text, type, "--filter " + key);
    }

    private static void addReferences(Map<String, Object> struct, List<Object> references, FilterType filter) {
        if (references.isEmpty()) {
            return;
        }
        List<Object> ids = references.stream().filter(Long.class::isInstance).toList();
        List<Object> names = references.stream().filter(String.class::isInstance).toList();
        if (!ids.isEmpty() && !names.isEmpty()) {
            throw new TypeConversionException("with --filter, --sort or --limit give either " + filter.idField() + "s or "
                    + filter.nameField() + "s as arguments, not both");
        }
        String field = ids.isEmpty() ? filter.nameField() : filter.idField();
        if (struct.containsKey(field)) {
            throw new TypeConversionException("give " + field + " either as arguments or with --filter, not both");
        }
        struct.put(field, ids.isEmpty() ? names : ids);
    }

    private static ValueType unwrap(ValueType type) {
        return type instanceof NullableType nullable ? nullable.type() : type;
    }
}
