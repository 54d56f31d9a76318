package org.planetlab.plc.store;

import java.sql.ResultSet;
import java.sql.SQLException;

/** How a column's values are read from JDBC into the neutral wire model. */
public enum ColumnKind {
    INTEGER,
    TEXT,
    BOOLEAN,
    DOUBLE;

    /** Reads the column at {@code index}, mapping SQL NULL to {@code null}. */
    public Object read(ResultSet row, int index) throws SQLException {
        Object value = switch (this) {
            case INTEGER -> row.getLong(index);
            case TEXT -> row.getString(index);
            case BOOLEAN -> row.getBoolean(index);
            case DOUBLE -> row.getDouble(index);
        };
        return row.wasNull() ? null : value;
    }
}
