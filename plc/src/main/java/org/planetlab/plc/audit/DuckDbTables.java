package org.planetlab.plc.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.planetlab.api.audit.FlowBatch;
import org.planetlab.api.audit.FlowRecord;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything that writes the embedded archive's tables, on a connection of its own: loading
 * journaled batches (their records and their ledger rows in one transaction), retention and the
 * sorting of finished days. One caller at a time (the archive's load lock).
 */
final class DuckDbTables {
    private static final Logger LOG = LoggerFactory.getLogger(DuckDbTables.class);
    /** Ledger rows per INSERT statement. */
    private static final int LEDGER_ROWS_PER_STATEMENT = 500;

    /** A journaled batch waiting for its load, its records keyed and sorted by day. */
    record Staged(FlowJournal.Entry entry, Map<Integer, List<Keyed>> byDay) {
        int records() {
            return entry.batch().records().size();
        }
    }

    /** A record and its remote address's key. */
    record Keyed(FlowRecord record, Addresses.Key remote) {}

    private final DuckDBConnection connection;
    /** The days that have a table, shared with readers: replaced, never changed in place. */
    private volatile TreeSet<Integer> days;

    DuckDbTables(DuckDBConnection connection, TreeSet<Integer> days) {
        this.connection = connection;
        this.days = days;
    }

    /** Creates the ledger and the list of days if missing; returns the days that have a table. */
    static TreeSet<Integer> create(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS batches (node_id INTEGER NOT NULL, sequence BIGINT NOT NULL,"
                    + " digest VARCHAR NOT NULL, records INTEGER NOT NULL, received_ms BIGINT NOT NULL)");
            statement.execute("CREATE TABLE IF NOT EXISTS days (day INTEGER PRIMARY KEY, optimized_rows BIGINT)");
            TreeSet<Integer> found = new TreeSet<>();
            try (ResultSet rows = statement.executeQuery("SELECT day FROM days")) {
                while (rows.next()) {
                    found.add(rows.getInt(1));
                }
            }
            return found;
        }
    }

    /** The digest the ledger holds for the batch's number, if it holds one. */
    static Optional<String> ledgerDigest(Connection connection, FlowBatch batch) {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT digest FROM batches WHERE node_id = ? AND sequence = ?")) {
            query.setInt(1, batch.nodeId());
            query.setLong(2, batch.sequence());
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? Optional.of(rows.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new PlanetLabException(ErrorCode.DATABASE_ERROR, "the flow archive failed: " + e.getMessage(), e);
        }
    }

    TreeSet<Integer> days() {
        return days;
    }

    static Staged stage(FlowJournal.Entry entry) {
        Map<Integer, List<Keyed>> byDay = new TreeMap<>();
        for (FlowRecord record : entry.batch().records()) {
            byDay.computeIfAbsent(DayTables.day(record.startMillis()), day -> new ArrayList<>())
                    .add(new Keyed(record, Addresses.key(record.remoteAddress())));
        }
        return new Staged(entry, byDay);
    }

    /**
     * Loads the batches in one transaction; if that fails, each alone, so one that cannot be
     * loaded holds back no other. Returns the batches that could not be loaded.
     */
    List<Staged> load(List<Staged> batches) {
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
        List<Staged> failed = new ArrayList<>();
        for (Staged batch : batches) {
            try {
                write(List.of(batch));
            } catch (SQLException | RuntimeException e) {
                warnNotLoaded(batch, e);
                failed.add(batch);
            }
        }
        return failed;
    }

    private static void warnNotLoaded(Staged batch, Exception e) {
        LOG.warn("flow archive: batch {} of node {} could not be loaded; it stays in the journal and is loaded again"
                + " at the next load and at PLC's next start", batch.entry().batch().sequence(),
                batch.entry().batch().nodeId(), e);
    }

    /** Writes the batches' records and their ledger rows in one transaction. */
    private void write(List<Staged> batches) throws SQLException {
        Map<Integer, List<List<Keyed>>> byDay = new TreeMap<>();
        for (Staged staged : batches) {
            staged.byDay().forEach((day, records) -> byDay.computeIfAbsent(day, key -> new ArrayList<>()).add(records));
        }
        TreeSet<Integer> newDays = new TreeSet<>(days);
        try {
            connection.setAutoCommit(false);
            // A statement first: it opens the transaction the appenders then write in (an appender
            // used first would write outside it, committing on its own).
            for (int first = 0; first < batches.size(); first += LEDGER_ROWS_PER_STATEMENT) {
                insertLedgerRows(batches.subList(first, Math.min(batches.size(), first + LEDGER_ROWS_PER_STATEMENT)));
            }
            for (Map.Entry<Integer, List<List<Keyed>>> day : byDay.entrySet()) {
                if (!newDays.contains(day.getKey())) {
                    createDay(day.getKey());
                    newDays.add(day.getKey());
                }
                append(DayTables.table(day.getKey()), day.getValue());
            }
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            rollback();
            throw e;
        } finally {
            autoCommit();
        }
        days = newDays;
    }

    private void insertLedgerRows(List<Staged> batches) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO batches (node_id, sequence,"
                + " digest, records, received_ms) VALUES " + String.join(", ",
                Collections.nCopies(batches.size(), "(?, ?, ?, ?, ?)")))) {
            int parameter = 0;
            for (Staged staged : batches) {
                insert.setInt(++parameter, staged.entry().batch().nodeId());
                insert.setLong(++parameter, staged.entry().batch().sequence());
                insert.setString(++parameter, staged.entry().digest());
                insert.setInt(++parameter, staged.records());
                insert.setLong(++parameter, staged.entry().receivedMillis());
            }
            insert.executeUpdate();
        }
    }

    private void createDay(int day) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS " + DayTables.table(day) + " (" + DayTables.COLUMNS_DDL + ")");
            statement.execute("INSERT OR IGNORE INTO days (day, optimized_rows) VALUES (" + day + ", NULL)");
        }
    }

    private void append(String table, List<List<Keyed>> batches) throws SQLException {
        try (DuckDBAppender appender = connection.createAppender(DuckDBConnection.DEFAULT_SCHEMA, table)) {
            for (List<Keyed> batch : batches) {
                for (Keyed keyed : batch) {
                    FlowRecord record = keyed.record();
                    Addresses.Key remote = keyed.remote();
                    appender.beginRow();
                    appender.append(record.startMillis());
                    appender.append(record.endMillis());
                    appender.append(remote.high());
                    appender.append(remote.low());
                    appender.append(record.nodeId());
                    appender.append(record.sliceId());
                    appender.append(record.sliceName());
                    appender.append(record.direction() == FlowRecord.Direction.OUTBOUND);
                    appender.append((short) record.protocol());
                    appender.append(record.sliverAddress());
                    appender.append(record.sliverPort());
                    appender.append(record.publicAddress());
                    appender.append(record.publicPort());
                    appender.append(record.remoteAddress());
                    appender.append(record.remotePort());
                    appender.append(record.packetsOut());
                    appender.append(record.bytesOut());
                    appender.append(record.packetsIn());
                    appender.append(record.bytesIn());
                    appender.append((short) record.tcpFlags());
                    appender.append(record.dropped());
                    appender.endRow();
                }
            }
            appender.flush();
        }
    }

    /** Stores the rows of {@code query} as flows of {@code day}, outside any batch; see the archive's {@code load}. */
    long loadQuery(int day, String query) {
        try (Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            createDay(day);
            long rows = statement.executeLargeUpdate("INSERT INTO " + DayTables.table(day) + " " + query);
            connection.commit();
            TreeSet<Integer> newDays = new TreeSet<>(days);
            newDays.add(day);
            days = newDays;
            return rows;
        } catch (SQLException e) {
            rollback();
            throw new PlanetLabException(ErrorCode.DATABASE_ERROR, "loading flows into day " + day + " failed: "
                    + e.getMessage(), e);
        } finally {
            autoCommit();
        }
    }

    int dropExpired(long nowMillis, int retentionDays) {
        int today = DayTables.day(nowMillis);
        List<Integer> expired = days.stream().filter(day -> day < today - retentionDays).toList();
        long cutoff = DayTables.startMillis(today - retentionDays);
        try (Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            for (int day : expired) {
                statement.execute("DROP TABLE IF EXISTS " + DayTables.table(day));
                statement.execute("DELETE FROM days WHERE day = " + day);
            }
            // The numbers of old batches go too; their records would be refused as too old anyway.
            statement.execute("DELETE FROM batches WHERE received_ms < " + cutoff);
            connection.commit();
        } catch (SQLException e) {
            rollback();
            throw new PlanetLabException(ErrorCode.DATABASE_ERROR, "dropping expired flows failed: " + e.getMessage(), e);
        } finally {
            autoCommit();
        }
        TreeSet<Integer> remaining = new TreeSet<>(days);
        expired.forEach(remaining::remove);
        days = remaining;
        if (!expired.isEmpty()) {
            LOG.info("flow archive: dropped the flows of {} day(s) older than {} days", expired.size(), retentionDays);
        }
        return expired.size();
    }

    void optimize(long nowMillis) {
        // A day is finished an hour after it ends; later uploads for it are rare and sorted again later.
        int lastFinished = DayTables.day(nowMillis - 3_600_000L) - 1;
        for (int day : days.headSet(lastFinished, true)) {
            try {
                sortDay(day);
            } catch (SQLException e) {
                rollback();
                LOG.warn("flow archive: sorting day {} failed; it stays readable, unsorted", day, e);
            } finally {
                autoCommit();
            }
        }
    }

    private void sortDay(int day) throws SQLException {
        String table = DayTables.table(day);
        try (Statement statement = connection.createStatement()) {
            long rows;
            try (ResultSet result = statement.executeQuery("SELECT (SELECT count(*) FROM " + table
                    + "), (SELECT optimized_rows FROM days WHERE day = " + day + ")")) {
                result.next();
                rows = result.getLong(1);
                long optimized = result.getLong(2);
                if (!result.wasNull() && optimized == rows) {
                    return;
                }
            }
            connection.setAutoCommit(false);
            statement.execute("CREATE TABLE " + table + "_sorted AS SELECT * FROM " + table
                    + " ORDER BY remote_high, remote_low, start_ms");
            statement.execute("DROP TABLE " + table);
            statement.execute("ALTER TABLE " + table + "_sorted RENAME TO " + table);
            statement.execute("UPDATE days SET optimized_rows = " + rows + " WHERE day = " + day);
            connection.commit();
        }
    }

    private void rollback() {
        try {
            connection.rollback();
        } catch (SQLException e) {
            LOG.warn("flow archive: rollback failed", e);
        }
    }

    private void autoCommit() {
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
            LOG.warn("flow archive: closing the loader's connection failed", e);
        }
    }
}
