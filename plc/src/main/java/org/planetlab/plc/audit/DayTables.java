package org.planetlab.plc.audit;

/**
 * The archive's tables: one per day (UTC) of flow starts, named by the day's number since the
 * epoch, so table names are built from integers only.
 */
final class DayTables {
    static final long DAY_MILLIS = 86_400_000L;
    /** The longest one record may last; a node cuts longer flows into periodic records. */
    static final long MAX_RECORD_MILLIS = DAY_MILLIS;

    /** The columns of a day's table, in the order the appender writes them. */
    static final String COLUMNS_DDL = "start_ms BIGINT NOT NULL, end_ms BIGINT NOT NULL, remote_high BIGINT NOT NULL,"
            + " remote_low BIGINT NOT NULL, node_id INTEGER NOT NULL, slice_id INTEGER NOT NULL,"
            + " slice_name VARCHAR NOT NULL, outbound BOOLEAN NOT NULL, protocol SMALLINT NOT NULL,"
            + " sliver_address VARCHAR NOT NULL, sliver_port INTEGER NOT NULL, public_address VARCHAR NOT NULL,"
            + " public_port INTEGER NOT NULL, remote_address VARCHAR NOT NULL, remote_port INTEGER NOT NULL,"
            + " packets_out BIGINT NOT NULL, bytes_out BIGINT NOT NULL, packets_in BIGINT NOT NULL,"
            + " bytes_in BIGINT NOT NULL, tcp_flags SMALLINT NOT NULL, dropped BOOLEAN NOT NULL";

    /** The columns a flow is read back from, in {@link DuckDbReads}' order. */
    static final String FLOW_COLUMNS = "node_id, slice_id, slice_name, outbound, protocol, start_ms, end_ms,"
            + " sliver_address, sliver_port, public_address, public_port, remote_address, remote_port, packets_out,"
            + " bytes_out, packets_in, bytes_in, tcp_flags, dropped";

    private DayTables() {}

    static int day(long millis) {
        return (int) Math.floorDiv(millis, DAY_MILLIS);
    }

    static long startMillis(int day) {
        return day * DAY_MILLIS;
    }

    static String table(int day) {
        if (day < 0) {
            throw new IllegalArgumentException("no flows before 1970");
        }
        return "flows_" + day;
    }
}
