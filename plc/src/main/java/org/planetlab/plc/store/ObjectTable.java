package org.planetlab.plc.store;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.planetlab.api.schema.StructType;

/**
 * How one object type of the API is stored: its table (aliased {@code t}), the columns and join
 * lists that yield its fields, the condition live rows satisfy, and which column its name filter
 * compares against (with the normalization applied to names first, e.g. lower case for e-mail
 * addresses).
 */
public record ObjectTable(
        StructType type,
        String table,
        String idColumn,
        String nameColumn,
        UnaryOperator<String> nameNormalizer,
        String liveCondition,
        Map<String, Column> columns,
        Map<String, JoinList> joins,
        Set<String> operatorOnlyFields) {

    public ObjectTable {
        requireNonNull(type, "type is null");
        requireNonNull(table, "table is null");
        requireNonNull(idColumn, "idColumn is null");
        requireNonNull(nameNormalizer, "nameNormalizer is null");
        requireNonNull(liveCondition, "liveCondition is null");
        columns = Map.copyOf(columns);
        joins = Map.copyOf(joins);
        operatorOnlyFields = Set.copyOf(operatorOnlyFields);
        for (String field : type.fields().keySet()) {
            if (!columns.containsKey(field) && !joins.containsKey(field)) {
                throw new IllegalArgumentException(type.name() + "." + field + " has no column or join");
            }
        }
        for (String field : columns.keySet()) {
            if (!type.fields().containsKey(field)) {
                throw new IllegalArgumentException(type.name() + " has no field " + field);
            }
        }
    }

    public static Builder builder(StructType type, String table, String idColumn) {
        return new Builder(type, table, idColumn);
    }

    /** Builds an {@link ObjectTable}; every field of the type must get a column or a join. */
    public static final class Builder {
        private final StructType type;
        private final String table;
        private final String idColumn;
        private String nameColumn;
        private UnaryOperator<String> nameNormalizer = UnaryOperator.identity();
        private String liveCondition = "1 = 1";
        private final Map<String, Column> columns = new LinkedHashMap<>();
        private final Map<String, JoinList> joins = new LinkedHashMap<>();
        private Set<String> operatorOnly = Set.of();

        private Builder(StructType type, String table, String idColumn) {
            this.type = type;
            this.table = table;
            this.idColumn = idColumn;
        }

        public Builder name(String column, UnaryOperator<String> normalizer) {
            this.nameColumn = column;
            this.nameNormalizer = normalizer;
            return this;
        }

        public Builder live(String condition) {
            this.liveCondition = condition;
            return this;
        }

        /** Fields stored in a column of the same name, of the given kind. */
        public Builder plain(ColumnKind kind, String... fields) {
            for (String field : fields) {
                columns.put(field, new Column(field, "t." + field, kind));
            }
            return this;
        }

        public Builder column(String field, String sql, ColumnKind kind) {
            columns.put(field, new Column(field, sql, kind));
            return this;
        }

        /** A text field compared without case in filters. */
        public Builder caseInsensitive(String field, String sql) {
            columns.put(field, new Column(field, sql, ColumnKind.TEXT, true));
            return this;
        }

        public Builder join(JoinList join) {
            joins.put(join.field(), join);
            return this;
        }

        public Builder operatorOnly(String... fields) {
            this.operatorOnly = Set.of(fields);
            return this;
        }

        public ObjectTable build() {
            return new ObjectTable(type, table, idColumn, nameColumn, nameNormalizer, liveCondition, columns, joins,
                    operatorOnly);
        }
    }
}
