package org.planetlab.plc.audit;

import static java.util.Objects.requireNonNull;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.duckdb.DuckDBColumnType;
import org.duckdb.DuckDBConnection;
import org.duckdb.DuckDBDataChunkWriter;
import org.duckdb.DuckDBFunctions;
import org.duckdb.DuckDBTableFunction;
import org.duckdb.DuckDBTableFunctionBindInfo;
import org.duckdb.DuckDBTableFunctionCallInfo;
import org.duckdb.DuckDBTableFunctionInitInfo;
import org.duckdb.DuckDBValue;
import org.duckdb.DuckDBWritableVector;
import org.planetlab.api.audit.FlowRecord;

/**
 * Journaled records offered to DuckDB as a table, {@code planetlab_journal_rows(part)}, so a load
 * is one {@code INSERT INTO flows_<day> SELECT * FROM planetlab_journal_rows(part)}: DuckDB pulls
 * whole vectors of 2,048 rows, numbers written straight into its memory ({@link VectorColumns}:
 * without the driver's lock per value), where the row appender took one call per value and one
 * trip into native code per string, then copied the rows once more before storing them. The rows carry no text ({@link DayTables#COLUMNS_DDL}) but the rare
 * remote address spelt otherwise than the archive renders it.
 *
 * <p>A part is offered under a number of its own for the statement's duration and withdrawn after
 * it, so concurrent loads on other connections never see each other's records.
 */
final class JournalRows {
    static final String FUNCTION = "planetlab_journal_rows";

    private static final List<String> NAMES = List.of("start_ms", "end_ms", "remote_high", "remote_low", "node_id",
            "slice_id", "context_id", "outbound", "protocol", "sliver_port", "public_port", "remote_port",
            "packets_out", "bytes_out", "packets_in", "bytes_in", "tcp_flags", "dropped", "remote_spelling");
    private static final List<DuckDBColumnType> TYPES = List.of(DuckDBColumnType.BIGINT, DuckDBColumnType.BIGINT,
            DuckDBColumnType.BIGINT, DuckDBColumnType.BIGINT, DuckDBColumnType.INTEGER, DuckDBColumnType.INTEGER,
            DuckDBColumnType.INTEGER, DuckDBColumnType.BOOLEAN, DuckDBColumnType.SMALLINT, DuckDBColumnType.INTEGER,
            DuckDBColumnType.INTEGER, DuckDBColumnType.INTEGER, DuckDBColumnType.BIGINT, DuckDBColumnType.BIGINT,
            DuckDBColumnType.BIGINT, DuckDBColumnType.BIGINT, DuckDBColumnType.SMALLINT, DuckDBColumnType.BOOLEAN,
            DuckDBColumnType.VARCHAR);

    /** The one column that is not a number (and is null in nearly every row): the last. */
    private static final int SPELLING = 18;

    private static final AtomicLong NEXT_PART = new AtomicLong();
    private static final Map<Long, List<KeyedRecords>> OFFERED = new ConcurrentHashMap<>();

    private JournalRows() {}

    /**
     * Makes the function known, and {@link DayTables#RENDER_FUNCTION} beside it, to the database
     * behind {@code connection} (and all its connections).
     */
    static void register(DuckDBConnection connection) throws SQLException {
        registerScan(connection, FUNCTION, true);
        DuckDBFunctions.scalarFunction().withName(DayTables.RENDER_FUNCTION)
                .withParameters(DuckDBColumnType.BIGINT, DuckDBColumnType.BIGINT).withReturnType(DuckDBColumnType.VARCHAR)
                .withFunction((Long high, Long low) -> Addresses.render(high, low)).register(connection);
    }

    /**
     * Registers the table function under {@code name}, writing DuckDB's vectors directly or, if
     * not {@code direct}, value by value through the driver's setters (what a driver whose vectors
     * cannot be reached gets; for comparing the two).
     */
    static void registerScan(DuckDBConnection connection, String name, boolean direct) throws SQLException {
        DuckDBFunctions.tableFunction().withName(name).withParameter(DuckDBColumnType.BIGINT)
                .withFunction(new Scan(direct)).register(connection);
    }

    /** Offers the records until {@link #withdraw}; returns the part's number for the statement. */
    static long offer(List<KeyedRecords> batches) {
        requireNonNull(batches, "batches is null");
        long part = NEXT_PART.incrementAndGet();
        OFFERED.put(part, batches);
        return part;
    }

    static void withdraw(long part) {
        OFFERED.remove(part);
    }

    /** Where a scan of one part stands: the batch and the record in it to write next. */
    private static final class Cursor {
        final List<KeyedRecords> batches;
        int batch;
        int record;

        Cursor(List<KeyedRecords> batches) {
            this.batches = batches;
        }
    }

    private static final class Scan implements DuckDBTableFunction<List<KeyedRecords>, Cursor, Object> {
        /** Whether to write the vectors' memory directly ({@link VectorColumns}), or value by value. */
        private final boolean direct;

        Scan(boolean direct) {
            this.direct = direct;
        }

        @Override
        public List<KeyedRecords> bind(DuckDBTableFunctionBindInfo info) {
            long part;
            try (DuckDBValue value = info.getParameter(0)) {
                part = value.getLong();
            }
            List<KeyedRecords> batches = OFFERED.get(part);
            if (batches == null) {
                throw new IllegalStateException("no journaled records are offered as part " + part);
            }
            for (int column = 0; column < NAMES.size(); column++) {
                info.addResultColumn(NAMES.get(column), TYPES.get(column));
            }
            return batches;
        }

        @Override
        public Cursor init(DuckDBTableFunctionInitInfo info) {
            // One thread a scan: loads already run one per core on connections of their own.
            info.setMaxThreads(1);
            return new Cursor(info.getBindData());
        }

        @Override
        public long apply(DuckDBTableFunctionCallInfo info, DuckDBDataChunkWriter out) {
            Cursor cursor = info.getInitData();
            int capacity = (int) out.capacity();
            DuckDBWritableVector[] vectors = new DuckDBWritableVector[NAMES.size()];
            for (int column = 0; column < vectors.length; column++) {
                vectors[column] = out.vector(column);
            }
            VectorColumns columns = direct ? VectorColumns.of(vectors) : VectorColumns.checked(vectors);
            int row = 0;
            while (row < capacity && cursor.batch < cursor.batches.size()) {
                KeyedRecords batch = cursor.batches.get(cursor.batch);
                if (cursor.record == batch.size()) {
                    cursor.batch++;
                    cursor.record = 0;
                    continue;
                }
                int index = cursor.record++;
                FlowRecord record = batch.records.get(index);
                columns.setLong(0, row, record.startMillis());
                columns.setLong(1, row, record.endMillis());
                columns.setLong(2, row, batch.remoteHigh[index]);
                columns.setLong(3, row, batch.remoteLow[index]);
                columns.setInt(4, row, record.nodeId());
                columns.setInt(5, row, record.sliceId());
                columns.setInt(6, row, batch.contexts[index].id);
                columns.setBoolean(7, row, record.direction() == FlowRecord.Direction.OUTBOUND);
                columns.setShort(8, row, (short) record.protocol());
                columns.setInt(9, row, record.sliverPort());
                columns.setInt(10, row, record.publicPort());
                columns.setInt(11, row, record.remotePort());
                columns.setLong(12, row, record.packetsOut());
                columns.setLong(13, row, record.bytesOut());
                columns.setLong(14, row, record.packetsIn());
                columns.setLong(15, row, record.bytesIn());
                columns.setShort(16, row, (short) record.tcpFlags());
                columns.setBoolean(17, row, record.dropped());
                // Null (the vector's rows start so) unless the node spelt the address otherwise.
                String spelling = batch.remoteSpelling(index);
                if (spelling != null) {
                    vectors[SPELLING].setString(row, spelling);
                }
                row++;
            }
            columns.finish(row, SPELLING);
            return row;
        }

    }
}
