package org.planetlab.plc.store;

import java.util.ArrayList;
import java.util.List;
import org.planetlab.api.schema.Filter;

/** Translates a checked {@link Filter} into a SQL condition over an {@link ObjectTable}. */
final class FilterSql {
    private FilterSql() {}

    static SqlCondition condition(ObjectTable table, Filter filter) {
        if (filter.isByIdOrName()) {
            return byIdOrName(table, filter);
        }
        if (filter.conditions().isEmpty()) {
            return SqlCondition.TRUE;
        }
        List<String> parts = new ArrayList<>();
        List<Object> parameters = new ArrayList<>();
        for (Filter.Condition condition : filter.conditions()) {
            SqlCondition part = table.joins().containsKey(condition.field())
                    ? joinCondition(table, table.joins().get(condition.field()), condition)
                    : scalarCondition(table.columns().get(condition.field()), condition);
            String sql = condition.negated() ? "NOT (" + part.sql() + ")" : "(" + part.sql() + ")";
            parts.add(sql);
            parameters.addAll(part.parameters());
        }
        return new SqlCondition(String.join(filter.matchAny() ? " OR " : " AND ", parts), parameters);
    }

    private static SqlCondition byIdOrName(ObjectTable table, Filter filter) {
        List<String> parts = new ArrayList<>();
        List<Object> parameters = new ArrayList<>();
        if (!filter.ids().isEmpty()) {
            parts.add("t." + table.idColumn() + " IN (" + QueryEngine.placeholders(filter.ids().size()) + ")");
            parameters.addAll(filter.ids());
        }
        if (!filter.names().isEmpty()) {
            parts.add(table.nameColumn() + " IN (" + QueryEngine.placeholders(filter.names().size()) + ")");
            for (String name : filter.names()) {
                parameters.add(table.nameNormalizer().apply(name));
            }
        }
        return new SqlCondition(String.join(" OR ", parts), parameters);
    }

    private static SqlCondition scalarCondition(Column column, Filter.Condition condition) {
        String sql = column.sql();
        List<Object> values = condition.values();
        switch (condition.comparison()) {
            case LESS -> {
                return SqlCondition.of(sql + " < ?", values.getFirst());
            }
            case GREATER -> {
                return SqlCondition.of(sql + " > ?", values.getFirst());
            }
            case LESS_OR_EQUAL -> {
                return SqlCondition.of(sql + " <= ?", values.getFirst());
            }
            case GREATER_OR_EQUAL -> {
                return SqlCondition.of(sql + " >= ?", values.getFirst());
            }
            default -> {
                return equality(column, values);
            }
        }
    }

    private static SqlCondition equality(Column column, List<Object> values) {
        if (values.isEmpty()) {
            return SqlCondition.of("1 = 0");
        }
        List<String> parts = new ArrayList<>();
        List<Object> parameters = new ArrayList<>();
        List<Object> plain = new ArrayList<>();
        for (Object value : values) {
            if (value == null) {
                parts.add(column.sql() + " IS NULL");
            } else if (value instanceof String text && text.contains("*")) {
                parts.add("lower(" + column.sql() + ") LIKE ? ESCAPE '\\'");
                parameters.add(likePattern(QueryEngine.lower(text)));
            } else {
                plain.add(value instanceof String text && column.caseInsensitive() ? QueryEngine.lower(text) : value);
            }
        }
        if (!plain.isEmpty()) {
            String target = column.caseInsensitive() ? "lower(" + column.sql() + ")" : column.sql();
            parts.add(target + " IN (" + QueryEngine.placeholders(plain.size()) + ")");
            parameters.addAll(plain);
        }
        return new SqlCondition(String.join(" OR ", parts), parameters);
    }

    private static SqlCondition joinCondition(ObjectTable table, JoinList join, Filter.Condition condition) {
        String correlated = " FROM " + join.from() + " WHERE (" + join.condition() + ") AND " + join.ownerSql()
                + " = t." + table.idColumn();
        List<Object> values = condition.values();
        if (values.isEmpty()) {
            return SqlCondition.of("NOT EXISTS (SELECT 1" + correlated + ")");
        }
        String in = " AND " + join.valueSql() + " IN (" + QueryEngine.placeholders(values.size()) + ")";
        if (condition.comparison() == Filter.Comparison.CONTAINS_ALL) {
            List<Object> parameters = new ArrayList<>(values);
            parameters.add((long) values.stream().distinct().count());
            return new SqlCondition("(SELECT COUNT(DISTINCT " + join.valueSql() + ")" + correlated + in + ") = ?",
                    parameters);
        }
        return new SqlCondition("EXISTS (SELECT 1" + correlated + in + ")", values);
    }

    /** Turns a {@code *} pattern into a LIKE pattern, escaping LIKE's own wildcards. */
    static String likePattern(String pattern) {
        StringBuilder like = new StringBuilder(pattern.length() + 4);
        for (char c : pattern.toCharArray()) {
            switch (c) {
                case '*' -> like.append('%');
                case '%', '_', '\\' -> like.append('\\').append(c);
                default -> like.append(c);
            }
        }
        return like.toString();
    }
}
