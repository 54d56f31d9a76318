package org.planetlab.plc.store;

import static java.util.Objects.requireNonNull;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.api.schema.Filter;

/**
 * Answers Get methods generically: turns a checked {@link Filter} and a list of return fields
 * into SQL over an {@link ObjectTable}, then fills in the requested array fields with one query
 * per array field (in chunks), never one per object.
 */
public final class QueryEngine {
    private static final int CHUNK = 900;

    /**
     * What the caller may see.
     *
     * <p>One rule serves return fields, filters and sort keys alike: a field hidden from the
     * caller can be none of them, since a filter or an order reveals its values as surely as
     * returning it would.
     *
     * @param operator whether operator-only fields may be returned, filtered on and sorted by
     * @param visibility a condition on {@code t} that rows must satisfy for this caller
     * @param hidden further fields hidden from this caller, each with why (e.g. "is hidden
     *     from nodes")
     */
    public record Access(boolean operator, SqlCondition visibility, Map<String, String> hidden) {
        public static final Access OPERATOR = new Access(true, SqlCondition.TRUE);
        public static final Access EVERYONE = new Access(false, SqlCondition.TRUE);

        public Access {
            requireNonNull(visibility, "visibility is null");
            hidden = Map.copyOf(hidden);
        }

        public Access(boolean operator, SqlCondition visibility) {
            this(operator, visibility, Map.of());
        }

        /** The same access with {@code field} hidden as well, for the reason given. */
        public Access hiding(String field, String reason) {
            Map<String, String> more = new HashMap<>(hidden);
            more.put(field, reason);
            return new Access(operator, visibility, more);
        }

        /** Why {@code field} of {@code table} is hidden from this caller; empty if it is not. */
        Optional<String> hides(ObjectTable table, String field) {
            if (hidden.containsKey(field)) {
                return Optional.of(hidden.get(field));
            }
            if (!operator && table.operatorOnlyFields().contains(field)) {
                return Optional.of("is visible to operators only");
            }
            return Optional.empty();
        }
    }

    private QueryEngine() {}

    /** The objects of {@code table} matching {@code filter}, with the requested fields. */
    public static List<Map<String, Object>> get(Handle handle, ObjectTable table, Filter filter,
            List<String> returnFields, Access access) {
        List<String> fields = resolveFields(table, returnFields, access);
        for (Filter.Condition condition : filter.conditions()) {
            requireVisible(table, condition.field(), access, "filter");
        }
        for (Filter.SortKey key : filter.sort()) {
            requireVisible(table, key.field(), access, "-SORT");
        }
        List<String> scalar = fields.stream().filter(table.columns()::containsKey).toList();
        List<String> arrays = fields.stream().filter(table.joins()::containsKey).toList();

        List<Object> parameters = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT t.").append(table.idColumn());
        for (String field : scalar) {
            sql.append(", ").append(table.columns().get(field).sql());
        }
        sql.append(" FROM ").append(table.table()).append(" t WHERE (").append(table.liveCondition()).append(')');
        sql.append(" AND (").append(access.visibility().sql()).append(')');
        parameters.addAll(access.visibility().parameters());
        SqlCondition condition = FilterSql.condition(table, filter);
        sql.append(" AND (").append(condition.sql()).append(')');
        parameters.addAll(condition.parameters());
        sql.append(" ORDER BY ");
        for (Filter.SortKey key : filter.sort()) {
            sql.append(table.columns().get(key.field()).sql()).append(key.descending() ? " DESC, " : " ASC, ");
        }
        sql.append("t.").append(table.idColumn());
        if (filter.limit() != Filter.NO_LIMIT || filter.offset() != 0) {
            sql.append(" LIMIT ? OFFSET ?");
            parameters.add(filter.limit() == Filter.NO_LIMIT ? Long.MAX_VALUE : filter.limit());
            parameters.add(filter.offset());
        }

        Query query = bindAll(handle.createQuery(sql.toString()), parameters);
        List<Long> ids = new ArrayList<>();
        List<Map<String, Object>> rows = query.map((ResultSet row, org.jdbi.v3.core.statement.StatementContext context) -> {
            Map<String, Object> object = new LinkedHashMap<>();
            ids.add(row.getLong(1));
            for (int index = 0; index < scalar.size(); index++) {
                Column column = table.columns().get(scalar.get(index));
                object.put(column.field(), column.kind().read(row, index + 2));
            }
            return object;
        }).list();

        for (String field : arrays) {
            Map<Long, List<Object>> values = joinValues(handle, table.joins().get(field), ids);
            for (int index = 0; index < rows.size(); index++) {
                rows.get(index).put(field, values.getOrDefault(ids.get(index), List.of()));
            }
        }
        // Put the fields in the order the caller asked for (or the type's order).
        List<Map<String, Object>> ordered = new ArrayList<>(rows.size());
        for (Map<String, Object> row : rows) {
            Map<String, Object> object = new LinkedHashMap<>();
            for (String field : fields) {
                object.put(field, row.get(field));
            }
            ordered.add(object);
        }
        return ordered;
    }

    /** The values of one join list for the given owners, in the list's order. */
    public static Map<Long, List<Object>> joinValues(Handle handle, JoinList join, Collection<Long> owners) {
        Map<Long, List<Object>> values = new HashMap<>();
        List<Long> all = List.copyOf(owners);
        for (int start = 0; start < all.size(); start += CHUNK) {
            List<Long> chunk = all.subList(start, Math.min(all.size(), start + CHUNK));
            String sql = "SELECT " + join.ownerSql() + ", " + join.valueSql() + " FROM " + join.from()
                    + " WHERE (" + join.condition() + ") AND " + join.ownerSql() + " IN (" + placeholders(chunk.size()) + ")"
                    + " ORDER BY " + join.ownerSql() + ", " + join.orderSql();
            Query query = bindAll(handle.createQuery(sql), new ArrayList<>(chunk));
            query.map((ResultSet row, org.jdbi.v3.core.statement.StatementContext context) -> {
                values.computeIfAbsent(row.getLong(1), owner -> new ArrayList<>()).add(readValue(join, row));
                return Boolean.TRUE;
            }).list();
        }
        return values;
    }

    private static Object readValue(JoinList join, ResultSet row) throws SQLException {
        return join.kind().read(row, 2);
    }

    private static List<String> resolveFields(ObjectTable table, List<String> returnFields, Access access) {
        if (returnFields == null) {
            return table.type().fields().keySet().stream()
                    .filter(field -> access.hides(table, field).isEmpty())
                    .toList();
        }
        List<String> fields = new ArrayList<>();
        for (String field : returnFields) {
            if (!table.type().fields().containsKey(field)) {
                throw PlanetLabException.invalidArgument("return_fields: unknown field \"%s\"; %s has %s".formatted(
                        field, table.type().name(), String.join(", ", table.type().fields().keySet())));
            }
            requireVisible(table, field, access, "return_fields");
            if (!fields.contains(field)) {
                fields.add(field);
            }
        }
        return fields;
    }

    private static void requireVisible(ObjectTable table, String field, Access access, String where) {
        access.hides(table, field).ifPresent(reason -> {
            throw PlanetLabException.permissionDenied("%s: %s.%s %s".formatted(where, table.type().name(), field, reason));
        });
    }

    static String placeholders(int count) {
        StringJoiner joiner = new StringJoiner(", ");
        for (int index = 0; index < count; index++) {
            joiner.add("?");
        }
        return joiner.toString();
    }

    static Query bindAll(Query query, List<Object> parameters) {
        for (int index = 0; index < parameters.size(); index++) {
            query.bind(index, parameters.get(index));
        }
        return query;
    }

    static String lower(String text) {
        return text.toLowerCase(Locale.ROOT);
    }
}
