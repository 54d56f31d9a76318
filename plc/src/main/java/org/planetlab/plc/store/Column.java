package org.planetlab.plc.store;

import static java.util.Objects.requireNonNull;

/**
 * A scalar field of an object and the SQL expression that yields it, written against the
 * object's table aliased {@code t}. Filters on a {@code caseInsensitive} column compare without
 * case (e-mail addresses, host names).
 */
public record Column(String field, String sql, ColumnKind kind, boolean caseInsensitive) {
    public Column {
        requireNonNull(field, "field is null");
        requireNonNull(sql, "sql is null");
        requireNonNull(kind, "kind is null");
    }

    public Column(String field, String sql, ColumnKind kind) {
        this(field, sql, kind, false);
    }
}
