package org.planetlab.plc.audit;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.duckdb.DuckDBConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection that loads journaled batches into the day tables: a batch's records, its ledger
 * row and any day table it needs first always in the same transaction. The records go in as one
 * {@code INSERT ... SELECT} per day from {@link JournalRows}.
 */
final class DuckDbLoader {
    private static final Logger LOG = LoggerFactory.getLogger(DuckDbLoader.class);
    /** Ledger rows per INSERT statement. */
    private static final int LEDGER_ROWS_PER_STATEMENT = 500;

    private final DuckDBConnection connection;
    private final DuckDbTables tables;

    DuckDbLoader(DuckDBConnection connection, DuckDbTables tables) {
        this.connection = connection;
        this.tables = tables;
    }

    /**
     * Loads the batches in one transaction; if that fails, each alone, so one that cannot be
     * loaded holds back no other. Returns the batches that could not be loaded.
     */
    List<DuckDbTables.Staged> load(List<DuckDbTables.Staged> batches) {
        if (batches.isEmpty()) {
            return List.of();
        }
        try {
            write(batches);
            return List.of();
        } catch (SQLException | RuntimeException e) {
            if (batches.size() == 1) {
                warnNotLoaded(batches.getFirst(), e);
                return batches;
            }
            LOG.warn("flow archive: loading {} journaled batches together failed; loading each alone", batches.size(), e);
        }
        List<DuckDbTables.Staged> failed = new ArrayList<>();
        for (DuckDbTables.Staged batch : batches) {
            try {
                write(List.of(batch));
            } catch (SQLException | RuntimeException e) {
                warnNotLoaded(batch, e);
                failed.add(batch);
            }
        }
        return failed;
    }

    private static void warnNotLoaded(DuckDbTables.Staged batch, Exception e) {
        LOG.warn("flow archive: batch {} of node {} could not be loaded; it stays in the journal and is loaded again"
                + " at the next load and at PLC's next start", batch.entry().batch().sequence(),
                batch.entry().batch().nodeId(), e);
    }

    /** Writes the batches' records and their ledger rows in one transaction. */
    private void write(List<DuckDbTables.Staged> batches) throws SQLException {
        Map<Integer, List<KeyedRecords>> byDay = new TreeMap<>();
        for (DuckDbTables.Staged staged : batches) {
            staged.byDay().forEach((day, records) -> byDay.computeIfAbsent(day, key -> new ArrayList<>()).add(records));
        }
        try {
            connection.setAutoCommit(false);
            // A statement first: it opens the transaction the appenders then write in (an appender
            // used first would write outside it, committing on its own).
            for (int first = 0; first < batches.size(); first += LEDGER_ROWS_PER_STATEMENT) {
                insertLedgerRows(batches.subList(first, Math.min(batches.size(), first + LEDGER_ROWS_PER_STATEMENT)));
            }
            for (Map.Entry<Integer, List<KeyedRecords>> day : byDay.entrySet()) {
                tables.createDay(connection, day.getKey());
                append(DayTables.table(day.getKey()), day.getValue());
            }
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            rollback(connection);
            throw e;
        } finally {
            autoCommit(connection);
        }
        tables.created(byDay.keySet());
    }

    private void insertLedgerRows(List<DuckDbTables.Staged> batches) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO batches (node_id, sequence,"
                + " digest, records, received_ms) VALUES " + String.join(", ",
                Collections.nCopies(batches.size(), "(?, ?, ?, ?, ?)")))) {
            int parameter = 0;
            for (DuckDbTables.Staged staged : batches) {
                insert.setInt(++parameter, staged.entry().batch().nodeId());
                insert.setLong(++parameter, staged.entry().batch().sequence());
                insert.setString(++parameter, staged.entry().digest());
                insert.setInt(++parameter, staged.records());
                insert.setLong(++parameter, staged.entry().receivedMillis());
            }
            insert.executeUpdate();
        }
    }

    /** Stores the records through {@link JournalRows}: DuckDB pulls them a vector at a time. */
    private void append(String table, List<KeyedRecords> batches) throws SQLException {
        long part = JournalRows.offer(batches);
        try (Statement insert = connection.createStatement()) {
            insert.executeLargeUpdate("INSERT INTO " + table + " SELECT * FROM " + JournalRows.FUNCTION + "(" + part + ")");
        } finally {
            JournalRows.withdraw(part);
        }
    }

    static void rollback(DuckDBConnection connection) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            LOG.warn("flow archive: rollback failed", e);
        }
    }

    static void autoCommit(DuckDBConnection connection) {
        try {
            connection.setAutoCommit(true);
        } catch (SQLException e) {
            LOG.warn("flow archive: could not return to autocommit", e);
        }
    }

    void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            LOG.warn("flow archive: closing a loader's connection failed", e);
        }
    }
}
