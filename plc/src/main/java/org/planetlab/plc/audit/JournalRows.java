package org.planetlab.plc.audit;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.Arrays;
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
 * whole vectors of 2,048 rows, numbers written straight into its memory and each string column's
 * vector handed over in one call, where the row appender took one call per value and one trip
 * into native code per string, then copied the rows once more before storing them.
 *
 * <p>A part is offered under a number of its own for the statement's duration and withdrawn after
 * it, so concurrent loads on other connections never see each other's records.
 */
final class JournalRows {
    static final String FUNCTION = "planetlab_journal_rows";

    private static final List<String> NAMES = List.of("start_ms", "end_ms", "remote_high", "remote_low", "node_id",
            "slice_id", "slice_name", "outbound", "protocol", "sliver_address", "sliver_port", "public_address",
            "public_port", "remote_address", "remote_port", "packets_out", "bytes_out", "packets_in", "bytes_in",
            "tcp_flags", "dropped");
    private static final List<DuckDBColumnType> TYPES = List.of(DuckDBColumnType.BIGINT, DuckDBColumnType.BIGINT,
            DuckDBColumnType.BIGINT, DuckDBColumnType.BIGINT, DuckDBColumnType.INTEGER, DuckDBColumnType.INTEGER,
            DuckDBColumnType.VARCHAR, DuckDBColumnType.BOOLEAN, DuckDBColumnType.SMALLINT, DuckDBColumnType.VARCHAR,
            DuckDBColumnType.INTEGER, DuckDBColumnType.VARCHAR, DuckDBColumnType.INTEGER, DuckDBColumnType.VARCHAR,
            DuckDBColumnType.INTEGER, DuckDBColumnType.BIGINT, DuckDBColumnType.BIGINT, DuckDBColumnType.BIGINT,
            DuckDBColumnType.BIGINT, DuckDBColumnType.SMALLINT, DuckDBColumnType.BOOLEAN);

    private static final AtomicLong NEXT_PART = new AtomicLong();
    private static final Map<Long, List<List<DuckDbTables.Keyed>>> OFFERED = new ConcurrentHashMap<>();

    private JournalRows() {}

    /** Makes the function known to the database behind {@code connection} (and all its connections). */
    static void register(DuckDBConnection connection) throws SQLException {
        DuckDBFunctions.tableFunction().withName(FUNCTION).withParameter(DuckDBColumnType.BIGINT)
                .withFunction(new Scan()).register(connection);
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
            byte[][] sliceNames = new byte[capacity][];
            byte[][] sliverAddresses = new byte[capacity][];
            byte[][] publicAddresses = new byte[capacity][];
            byte[][] remoteAddresses = new byte[capacity][];
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
                sliceNames[row] = utf8(record.sliceName());
                vectors[7].setBoolean(row, record.direction() == FlowRecord.Direction.OUTBOUND);
                vectors[8].setShort(row, (short) record.protocol());
                sliverAddresses[row] = utf8(record.sliverAddress());
                vectors[10].setInt(row, record.sliverPort());
                publicAddresses[row] = utf8(record.publicAddress());
                vectors[12].setInt(row, record.publicPort());
                remoteAddresses[row] = utf8(record.remoteAddress());
                vectors[14].setInt(row, record.remotePort());
                vectors[15].setLong(row, record.packetsOut());
                vectors[16].setLong(row, record.bytesOut());
                vectors[17].setLong(row, record.packetsIn());
                vectors[18].setLong(row, record.bytesIn());
                vectors[19].setShort(row, (short) record.tcpFlags());
                vectors[20].setBoolean(row, record.dropped());
                row++;
            }
            if (row > 0) {
                setStrings(vectors[6], sliceNames, row);
                setStrings(vectors[9], sliverAddresses, row);
                setStrings(vectors[11], publicAddresses, row);
                setStrings(vectors[13], remoteAddresses, row);
            }
            return row;
        }

        private static void setStrings(DuckDBWritableVector vector, byte[][] values, int rows) {
            vector.setStringUtf8Batch(0, rows == values.length ? values : Arrays.copyOf(values, rows));
        }

        private static byte[] utf8(String text) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
    }
}
