package org.planetlab.plc.audit;

/**
 * The archive's tables: one per day (UTC) of flow starts, named by the day's number since the
 * epoch, so table names are built from integers only.
 */
final class DayTables {
    static final long DAY_MILLIS = 86_400_000L;
    /** The longest one record may last; a node cuts longer flows into periodic records. */
    static final long MAX_RECORD_MILLIS = DAY_MILLIS;

    /**
     * The columns of a day's table, in the order {@link JournalRows} writes them. No text but the
     * rare remote address not written as the archive renders its key: the rest a flow's sliver
     * shares ({@link FlowContexts}) is referred to by {@code context_id}, and the remote address is
     * its 128-bit key, rendered when read ({@link Addresses#render}).
     */
    static final String COLUMNS_DDL = "start_ms BIGINT NOT NULL, end_ms BIGINT NOT NULL, remote_high BIGINT NOT NULL,"
            + " remote_low BIGINT NOT NULL, node_id INTEGER NOT NULL, slice_id INTEGER NOT NULL,"
            + " context_id INTEGER NOT NULL, outbound BOOLEAN NOT NULL, protocol SMALLINT NOT NULL,"
            + " sliver_port INTEGER NOT NULL, public_port INTEGER NOT NULL, remote_port INTEGER NOT NULL,"
            + " packets_out BIGINT NOT NULL, bytes_out BIGINT NOT NULL, packets_in BIGINT NOT NULL,"
            + " bytes_in BIGINT NOT NULL, tcp_flags SMALLINT NOT NULL, dropped BOOLEAN NOT NULL, remote_spelling VARCHAR";

    /**
     * A flow's values with its text, in the order of the day tables' first layout (which had these
     * columns): the form {@link DuckDbFlowArchive#load} takes rows in and old day tables are
     * converted from.
     */
    static final String RECORD_COLUMNS = "start_ms, end_ms, remote_high, remote_low, node_id, slice_id, slice_name,"
            + " outbound, protocol, sliver_address, sliver_port, public_address, public_port, remote_address,"
            + " remote_port, packets_out, bytes_out, packets_in, bytes_in, tcp_flags, dropped";

    /** The columns a flow is read back from, in {@link DuckDbReads}' order. */
    static final String FLOW_COLUMNS = "node_id, slice_id, context_id, outbound, protocol, start_ms, end_ms,"
            + " sliver_port, public_port, remote_high, remote_low, remote_spelling, remote_port, packets_out,"
            + " bytes_out, packets_in, bytes_in, tcp_flags, dropped";

    /** The name of the function rendering a key as text in SQL, {@link Addresses#render}. */
    static final String RENDER_FUNCTION = "planetlab_address";

    /**
     * The rows of day tables made from {@code source} (an aliased table or subquery with
     * {@link #RECORD_COLUMNS}), joined to their stored contexts ({@link FlowContexts#insertMissing} first).
     */
    static String rowsFromRecords(String source, String alias) {
        String r = alias + ".";
        String dotted = "concat((" + r + "remote_low >> 24) & 255, '.', (" + r + "remote_low >> 16) & 255, '.', ("
                + r + "remote_low >> 8) & 255, '.', " + r + "remote_low & 255)";
        String spelling = "CASE WHEN " + r + "remote_high = 0 AND (" + r + "remote_low >> 32) = 65535 THEN nullif("
                + r + "remote_address, " + dotted + ") ELSE nullif(" + r + "remote_address, " + RENDER_FUNCTION + "("
                + r + "remote_high, " + r + "remote_low)) END";
        return "SELECT " + r + "start_ms, " + r + "end_ms, " + r + "remote_high, " + r + "remote_low, " + r
                + "node_id, " + r + "slice_id, c.context_id, " + r + "outbound, " + r + "protocol, " + r
                + "sliver_port, " + r + "public_port, " + r + "remote_port, " + r + "packets_out, " + r + "bytes_out, "
                + r + "packets_in, " + r + "bytes_in, " + r + "tcp_flags, " + r + "dropped, " + spelling + " FROM "
                + source + " JOIN " + FlowContexts.TABLE + " c ON c.node_id = " + r + "node_id AND c.slice_id = " + r
                + "slice_id AND c.slice_name = " + r + "slice_name AND c.sliver_address = " + r
                + "sliver_address AND c.public_address = " + r + "public_address";
    }

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
