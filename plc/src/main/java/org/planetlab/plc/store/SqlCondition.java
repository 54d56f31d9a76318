package org.planetlab.plc.store;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** A fragment of SQL with its positional ({@code ?}) parameters. */
public record SqlCondition(String sql, List<Object> parameters) {
    public static final SqlCondition TRUE = new SqlCondition("1 = 1", List.of());

    public SqlCondition {
        requireNonNull(sql, "sql is null");
        // Parameters may legitimately be null (never in practice, but SQL allows it).
        parameters = Collections.unmodifiableList(new ArrayList<>(parameters));
    }

    public static SqlCondition of(String sql, Object... parameters) {
        return new SqlCondition(sql, List.of(parameters));
    }
}
