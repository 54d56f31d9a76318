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
 * whole vectors of 2,048 rows, numbers written straight into its memory, where the row appender
 * took one call per value and one trip into native code per string, then copied the rows once
 * more before storing them. The rows carry no text ({@link DayTables#COLUMNS_DDL}) but the rare
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

    private static final AtomicLong NEXT_PART = new AtomicLong();
    private static final Map<Long, List<List<DuckDbTables.Keyed>>> OFFERED = new ConcurrentHashMap<>();

    private JournalRows() {}

    /**
     * Makes the function known, and {@link DayTables#RENDER_FUNCTION} beside it, to the database
     * behind {@code connection} (and all its connections).
     */
    static void register(DuckDBConnection connection) throws SQLException {
        DuckDBFunctions.tableFunction().withName(FUNCTION).withParameter(DuckDBColumnType.BIGINT)
                .withFunction(new Scan()).register(connection);
        DuckDBFunctions.scalarFunction().withName(DayTables.RENDER_FUNCTION)
                .withParameters(DuckDBColumnType.BIGINT, DuckDBColumnType.BIGINT).withReturnType(DuckDBColumnType.VARCHAR)
                .withFunction((Long high, Long low) -> Addresses.render(high, low)).register(connection);
    }

    /** Offers the records until {@link #withdraw}; returns the part's number for the statement. */
    static long offer(List<List<DuckDbTables.Keyed>> batches) {
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
        final List<List<DuckDbTables.Keyed>> batches;
        int batch;
        int record;

        Cursor(List<List<DuckDbTables.Keyed>> batches) {
            this.batches = batches;
        }
    }

    private static final class Scan implements DuckDBTableFunction<List<List<DuckDbTables.Keyed>>, Cursor, Object> {
        @Override
        public List<List<DuckDbTables.Keyed>> bind(DuckDBTableFunctionBindInfo info) {
            long part;
            try (DuckDBValue value = info.getParameter(0)) {
                part = value.getLong();
            }
            List<List<DuckDbTables.Keyed>> batches = OFFERED.get(part);
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
            int row = 0;
            while (row < capacity && cursor.batch < cursor.batches.size()) {
                List<DuckDbTables.Keyed> batch = cursor.batches.get(cursor.batch);
                if (cursor.record == batch.size()) {
                    cursor.batch++;
                    cursor.record = 0;
                    continue;
                }
                DuckDbTables.Keyed keyed = batch.get(cursor.record++);
                FlowRecord record = keyed.record();
                vectors[0].setLong(row, record.startMillis());
                vectors[1].setLong(row, record.endMillis());
                vectors[2].setLong(row, keyed.remote().high());
                vectors[3].setLong(row, keyed.remote().low());
                vectors[4].setInt(row, record.nodeId());
                vectors[5].setInt(row, record.sliceId());
                vectors[6].setInt(row, keyed.context().id);
                vectors[7].setBoolean(row, record.direction() == FlowRecord.Direction.OUTBOUND);
                vectors[8].setShort(row, (short) record.protocol());
                vectors[9].setInt(row, record.sliverPort());
                vectors[10].setInt(row, record.publicPort());
                vectors[11].setInt(row, record.remotePort());
                vectors[12].setLong(row, record.packetsOut());
                vectors[13].setLong(row, record.bytesOut());
                vectors[14].setLong(row, record.packetsIn());
                vectors[15].setLong(row, record.bytesIn());
                vectors[16].setShort(row, (short) record.tcpFlags());
                vectors[17].setBoolean(row, record.dropped());
                if (keyed.remoteSpelling() == null) {
                    vectors[18].setNull(row);
                } else {
                    vectors[18].setString(row, keyed.remoteSpelling());
                }
                row++;
            }
            return row;
        }

    }
}
