package org.planetlab.plc.store;

import static java.util.Objects.requireNonNull;

/**
 * An array field of an object, such as a site's {@code person_ids}: the rows of {@code from}
 * that satisfy {@code condition} pair an owner (the object's id, {@code ownerSql}) with a value
 * ({@code valueSql}), listed in {@code orderSql} order.
 */
public record JoinList(String field, String from, String ownerSql, String valueSql, String orderSql, ColumnKind kind,
        String condition) {
    public JoinList {
        requireNonNull(field, "field is null");
        requireNonNull(from, "from is null");
        requireNonNull(ownerSql, "ownerSql is null");
        requireNonNull(valueSql, "valueSql is null");
        requireNonNull(orderSql, "orderSql is null");
        requireNonNull(kind, "kind is null");
        requireNonNull(condition, "condition is null");
    }

    public JoinList(String field, String from, String ownerSql, String valueSql, String orderSql, ColumnKind kind) {
        this(field, from, ownerSql, valueSql, orderSql, kind, "1 = 1");
    }

    /** A list of ids ordered by value. */
    public static JoinList ids(String field, String from, String ownerSql, String valueSql) {
        return new JoinList(field, from, ownerSql, valueSql, valueSql, ColumnKind.INTEGER);
    }

    /** This list restricted to the rows of {@code from} that satisfy {@code extra}. */
    public JoinList withCondition(String extra) {
        return new JoinList(field, from, ownerSql, valueSql, orderSql, kind, extra);
    }
}
