package org.planetlab.plc.store;

import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.Update;

/**
 * Inserts and updates rows from column maps. Table and column names always come from code,
 * never from callers; values are always bound parameters.
 */
public final class Rows {
    private Rows() {}

    public static void insert(Handle handle, String table, Map<String, Object> columns) {
        StringJoiner names = new StringJoiner(", ");
        StringJoiner values = new StringJoiner(", ");
        for (String column : columns.keySet()) {
            names.add(column);
            values.add(":" + column);
        }
        Update update = handle.createUpdate("INSERT INTO " + table + " (" + names + ") VALUES (" + values + ")");
        columns.forEach(update::bind);
        update.execute();
    }

    /** Updates the given columns of one row; does nothing if {@code columns} is empty. */
    public static void update(Handle handle, String table, String idColumn, long id, Map<String, Object> columns) {
        if (columns.isEmpty()) {
            return;
        }
        StringJoiner assignments = new StringJoiner(", ");
        for (String column : columns.keySet()) {
            assignments.add(column + " = :" + column);
        }
        Update update = handle.createUpdate(
                "UPDATE " + table + " SET " + assignments + " WHERE " + idColumn + " = :row_id");
        columns.forEach(update::bind);
        update.bind("row_id", id);
        update.execute();
    }

    /** Runs a statement with named parameters and returns the number of rows it changed. */
    public static int execute(Handle handle, String sql, Map<String, Object> parameters) {
        Update update = handle.createUpdate(sql);
        parameters.forEach(update::bind);
        return update.execute();
    }

    /** Prepares a query with positional ({@code ?}) parameters, bound in order. */
    public static Query select(Handle handle, String sql, List<Object> parameters) {
        Query query = handle.createQuery(sql);
        for (int index = 0; index < parameters.size(); index++) {
            query.bind(index, parameters.get(index));
        }
        return query;
    }
}
