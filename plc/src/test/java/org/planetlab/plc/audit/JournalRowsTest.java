package org.planetlab.plc.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.Test;
import org.planetlab.api.audit.FlowBatch;
import org.planetlab.api.audit.FlowRecord;

class JournalRowsTest {
    private static final long T0 = 1_765_000_000_000L;

    @Test
    void everyRecordOfAPartArrivesOnceWithItsValuesAcrossVectorAndBatchBoundaries() throws SQLException {
        try (DuckDBConnection connection = withDayTable();
                Statement statement = connection.createStatement()) {
            // 3,000 + 0 + 1,500 records: a vector holds 2,048, so batches end inside vectors and one is empty.
            List<KeyedRecords> part = List.of(keyed(Flows.batch(1, 1, 7, "demo_a", T0, 3_000), 1),
                    KeyedRecords.of(List.of(), new ArrayList<>()), keyed(Flows.batch(2, 1, 8, "demo_b", T0, 1_500), 2));
            long number = JournalRows.offer(part);
            try {
                assertThat(statement.executeLargeUpdate("INSERT INTO flows SELECT * FROM " + JournalRows.FUNCTION + "("
                        + number + ")")).isEqualTo(4_500);
            } finally {
                JournalRows.withdraw(number);
            }
            try (ResultSet rows = statement.executeQuery("SELECT count(*), count(DISTINCT (node_id, start_ms)),"
                    + " sum(bytes_out), min(context_id), max(context_id), count(DISTINCT (remote_high, remote_low)),"
                    + " count(remote_spelling), min(" + DayTables.RENDER_FUNCTION + "(remote_high, remote_low))"
                    + " FROM flows")) {
                rows.next();
                assertThat(rows.getLong(1)).isEqualTo(4_500);
                assertThat(rows.getLong(2)).isEqualTo(4_500);
                // Flows.batch: bytes out 100 + index.
                assertThat(rows.getLong(3)).isEqualTo(sumOfBytes(3_000) + sumOfBytes(1_500));
                // Each batch's records share one context.
                assertThat(rows.getInt(4)).isEqualTo(1);
                assertThat(rows.getInt(5)).isEqualTo(2);
                assertThat(rows.getLong(6)).isEqualTo(200);
                // Dotted quads are the keys' rendering: no spelling kept.
                assertThat(rows.getLong(7)).isZero();
                assertThat(rows.getString(8)).isEqualTo("192.0.2.0");
            }
        }
    }

    @Test
    void aPartNotOfferedFailsTheStatementAndStoresNothing() throws SQLException {
        try (DuckDBConnection connection = withDayTable();
                Statement statement = connection.createStatement()) {
            long number = JournalRows.offer(List.of(keyed(Flows.batch(1, 1, 7, "demo_a", T0, 10), 1)));
            JournalRows.withdraw(number);
            assertThatThrownBy(() -> statement.execute("INSERT INTO flows SELECT * FROM " + JournalRows.FUNCTION + "("
                    + number + ")")).isInstanceOf(SQLException.class).hasMessageContaining("no journaled records");
            // DuckDB closes a statement that failed.
            try (Statement count = connection.createStatement();
                    ResultSet rows = count.executeQuery("SELECT count(*) FROM flows")) {
                rows.next();
                assertThat(rows.getLong(1)).isZero();
            }
        }
    }

    @Test
    void theVectorsWrittenDirectlyHoldWhatTheDriversSettersWrite() throws SQLException {
        // The installed driver's vectors are reached directly (otherwise every value takes a lock).
        assertThat(VectorColumns.direct()).isTrue();
        List<FlowRecord> records = new ArrayList<>();
        for (int index = 0; index < 4_200; index++) {
            String remote = switch (index % 3) {
                case 0 -> "192.0.2." + index % 256;
                case 1 -> "2001:db8::" + Integer.toHexString(index);
                default -> "2001:0db8:0:0::" + Integer.toHexString(index);
            };
            records.add(new FlowRecord(3, 9, "demo_v", index % 2 == 0 ? FlowRecord.Direction.OUTBOUND
                    : FlowRecord.Direction.INBOUND, index % 2 == 0 ? 6 : 17, T0 + index, T0 + index + 500 + index % 7,
                    "10.0.0.2", 40_000 + index % 1_000, "198.51.100.1", 50_000 + index % 777, remote,
                    1 + index % 65_000, 1 + index, 1_000L * (1 + index), 2L * index, 3_000L * index, index % 2 == 0 ? index % 64 : 0, index % 5 == 0));
        }
        List<KeyedRecords> part = List.of(keyed(new FlowBatch(3, 1, records.subList(0, 2_100)), 4),
                keyed(new FlowBatch(3, 2, records.subList(2_100, 4_200)), 5));
        try (DuckDBConnection connection = withDayTable();
                Statement statement = connection.createStatement()) {
            JournalRows.registerScan(connection, "checked_rows", false);
            statement.execute("CREATE TABLE checked (" + DayTables.COLUMNS_DDL + ")");
            long number = JournalRows.offer(part);
            try {
                statement.execute("INSERT INTO flows SELECT * FROM " + JournalRows.FUNCTION + "(" + number + ")");
                statement.execute("INSERT INTO checked SELECT * FROM checked_rows(" + number + ")");
            } finally {
                JournalRows.withdraw(number);
            }
            try (ResultSet rows = statement.executeQuery("SELECT (SELECT count(*) FROM flows), (SELECT count(*) FROM"
                    + " (SELECT * FROM flows EXCEPT ALL SELECT * FROM checked)), (SELECT count(*) FROM (SELECT * FROM"
                    + " checked EXCEPT ALL SELECT * FROM flows)), (SELECT count(remote_spelling) FROM flows),"
                    + " (SELECT count(*) FILTER (WHERE dropped) FROM flows), (SELECT sum(bytes_in) FROM flows)")) {
                rows.next();
                assertThat(rows.getLong(1)).isEqualTo(4_200);
                assertThat(rows.getLong(2)).isZero();
                assertThat(rows.getLong(3)).isZero();
                // Every third address is spelt with leading zeros: kept as spelt.
                assertThat(rows.getLong(4)).isEqualTo(1_400);
                assertThat(rows.getLong(5)).isEqualTo(840);
                assertThat(rows.getLong(6)).isEqualTo(3_000L * 4_199 * 4_200 / 2);
            }
        }
    }

    /** An in-memory database with the function registered and a day table named {@code flows}. */
    private static DuckDBConnection withDayTable() throws SQLException {
        DuckDBConnection connection = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:");
        JournalRows.register(connection);
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE flows (" + DayTables.COLUMNS_DDL + ")");
        }
        return connection;
    }

    /** The batch's records, all of one context, given {@code contextId}. */
    private static KeyedRecords keyed(FlowBatch batch, int contextId) {
        List<FlowContexts.Context> contexts = new ArrayList<>();
        KeyedRecords keyed = KeyedRecords.of(batch.records(), contexts);
        contexts.getFirst().id = contextId;
        return keyed;
    }

    private static long sumOfBytes(int count) {
        return (long) count * 100 + (long) count * (count - 1) / 2;
    }
}
