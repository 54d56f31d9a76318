package org.planetlab.plc.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.Test;
import org.planetlab.api.audit.FlowBatch;

class JournalRowsTest {
    private static final long T0 = 1_765_000_000_000L;

    @Test
    void everyRecordOfAPartArrivesOnceWithItsValuesAcrossVectorAndBatchBoundaries() throws SQLException {
        try (DuckDBConnection connection = withDayTable();
                Statement statement = connection.createStatement()) {
            // 3,000 + 0 + 1,500 records: a vector holds 2,048, so batches end inside vectors and one is empty.
            List<List<DuckDbTables.Keyed>> part = List.of(keyed(Flows.batch(1, 1, 7, "demo_a", T0, 3_000)),
                    List.of(), keyed(Flows.batch(2, 1, 8, "demo_b", T0, 1_500)));
            long number = JournalRows.offer(part);
            try {
                assertThat(statement.executeLargeUpdate("INSERT INTO flows SELECT * FROM " + JournalRows.FUNCTION + "("
                        + number + ")")).isEqualTo(4_500);
            } finally {
                JournalRows.withdraw(number);
            }
            try (ResultSet rows = statement.executeQuery("SELECT count(*), count(DISTINCT (node_id, start_ms)),"
                    + " sum(bytes_out), min(slice_name), max(slice_name), count(DISTINCT remote_address),"
                    + " min(sliver_address), min(public_address) FROM flows")) {
                rows.next();
                assertThat(rows.getLong(1)).isEqualTo(4_500);
                assertThat(rows.getLong(2)).isEqualTo(4_500);
                // Flows.batch: bytes out 100 + index.
                assertThat(rows.getLong(3)).isEqualTo(sumOfBytes(3_000) + sumOfBytes(1_500));
                assertThat(rows.getString(4)).isEqualTo("demo_a");
                assertThat(rows.getString(5)).isEqualTo("demo_b");
                assertThat(rows.getLong(6)).isEqualTo(200);
                assertThat(rows.getString(7)).isEqualTo("10.0.0.2");
                assertThat(rows.getString(8)).isEqualTo("198.51.100.1");
            }
        }
    }

    @Test
    void aPartNotOfferedFailsTheStatementAndStoresNothing() throws SQLException {
        try (DuckDBConnection connection = withDayTable();
                Statement statement = connection.createStatement()) {
            long number = JournalRows.offer(List.of(keyed(Flows.batch(1, 1, 7, "demo_a", T0, 10))));
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

    /** An in-memory database with the function registered and a day table named {@code flows}. */
    private static DuckDBConnection withDayTable() throws SQLException {
        DuckDBConnection connection = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:");
        JournalRows.register(connection);
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE flows (" + DayTables.COLUMNS_DDL + ")");
        }
        return connection;
    }

    private static List<DuckDbTables.Keyed> keyed(FlowBatch batch) {
        return batch.records().stream().map(record -> new DuckDbTables.Keyed(record,
                Addresses.key(record.remoteAddress()))).toList();
    }

    private static long sumOfBytes(int count) {
        return (long) count * 100 + (long) count * (count - 1) / 2;
    }
}
