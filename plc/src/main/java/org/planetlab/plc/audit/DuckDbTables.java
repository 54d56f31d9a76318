package org.planetlab.plc.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.duckdb.DuckDBConnection;
import org.planetlab.api.audit.FlowBatch;
import org.planetlab.api.audit.FlowRecord;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything that writes the embedded archive's tables, on connections of its own: loading
 * journaled batches (their records and their ledger rows in one transaction, several such loads
 * at once), retention and the sorting of finished days. One caller at a time (the archive's load
 * lock).
 */
final class DuckDbTables {
    private static final Logger LOG = LoggerFactory.getLogger(DuckDbTables.class);

    /** A journaled batch waiting for its load, its records keyed and sorted by day, with its records' contexts. */
    record Staged(FlowJournal.Entry entry, Map<Integer, KeyedRecords> byDay, List<FlowContexts.Context> contexts) {
        int records() {
            return entry.batch().records().size();
        }
    }

    /** The first loader's connection also makes day tables, sorts them and drops them. */
    private final DuckDBConnection connection;
    private final FlowContexts contexts;
    private final List<DuckDbLoader> loaders;
    private final ExecutorService parallel;
    private final int partRecords;
    /** The days that have a table, shared with readers: replaced, never changed in place. */
    private volatile TreeSet<Integer> days;

    /** @param connections one for each load that may run at once, the first also for maintenance */
    DuckDbTables(List<DuckDBConnection> connections, FlowContexts contexts, TreeSet<Integer> days, int partRecords) {
        this.partRecords = partRecords;
        this.contexts = contexts;
        this.connection = connections.getFirst();
        this.loaders = connections.stream().map(loader -> new DuckDbLoader(loader, this)).toList();
        this.parallel = Executors.newCachedThreadPool(Thread.ofPlatform().name("flow-archive-load-", 1).daemon().factory());
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
        List<FlowRecord> records = entry.batch().records();
        List<FlowContexts.Context> contexts = new ArrayList<>();
        Map<Integer, List<FlowRecord>> byDay = new TreeMap<>();
        int firstDay = records.isEmpty() ? 0 : DayTables.day(records.getFirst().startMillis());
        boolean oneDay = true;
        for (FlowRecord record : records) {
            oneDay &= DayTables.day(record.startMillis()) == firstDay;
        }
        if (oneDay) {
            byDay.put(firstDay, records);
        } else {
            for (FlowRecord record : records) {
                byDay.computeIfAbsent(DayTables.day(record.startMillis()), day -> new ArrayList<>()).add(record);
            }
        }
        Map<Integer, KeyedRecords> keyed = new TreeMap<>();
        byDay.forEach((day, ofDay) -> keyed.put(day, KeyedRecords.of(ofDay, contexts)));
        return new Staged(entry, keyed, contexts);
    }

    FlowContexts contexts() {
        return contexts;
    }

    /**
     * Loads the batches, split by batch into parts of at least a row group's records, each part
     * on a connection of its own at the same time (DuckDB appends to a table from concurrent
     * transactions); each part is one transaction with its batches' ledger rows, or, if that
     * fails, each of its batches alone, so one that cannot be loaded holds back no other.
     * Returns the batches that could not be loaded.
     */
    List<Staged> load(List<Staged> batches) {
        if (batches.isEmpty()) {
            return List.of();
        }
        try {
            List<FlowContexts.Context> all = new ArrayList<>();
            batches.forEach(batch -> all.addAll(batch.contexts()));
            contexts.resolve(connection, all);
        } catch (SQLException | RuntimeException e) {
            LOG.warn("flow archive: storing the contexts of {} journaled batch(es) failed; they stay in the journal and"
                    + " are loaded again at the next load", batches.size(), e);
            return batches;
        }
        TreeSet<Integer> touched = new TreeSet<>();
        batches.forEach(batch -> touched.addAll(batch.byDay().keySet()));
        long records = batches.stream().mapToLong(Staged::records).sum();
        // A new day's table is made in the load's own transaction (gone if the load fails), so a
        // load that makes one runs alone: concurrent creations would conflict.
        int parts = !days.containsAll(touched) ? 1 : (int) Math.max(1, Math.min(loaders.size(), records / partRecords));
        if (parts == 1) {
            return loaders.getFirst().load(batches);
        }
        List<List<Staged>> split = new ArrayList<>();
        long perPart = records / parts + 1;
        List<Staged> part = new ArrayList<>();
        long inPart = 0;
        for (Staged batch : batches) {
            part.add(batch);
            inPart += batch.records();
            if (inPart >= perPart && split.size() < parts - 1) {
                split.add(part);
                part = new ArrayList<>();
                inPart = 0;
            }
        }
        split.add(part);
        List<Future<List<Staged>>> others = new ArrayList<>();
        for (int index = 1; index < split.size(); index++) {
            DuckDbLoader loader = loaders.get(index);
            List<Staged> mine = split.get(index);
            others.add(parallel.submit(() -> loader.load(mine)));
        }
        List<Staged> failed = new ArrayList<>(loaders.getFirst().load(split.getFirst()));
        for (int index = 0; index < others.size(); index++) {
            try {
                failed.addAll(others.get(index).get());
            } catch (InterruptedException | ExecutionException e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                LOG.warn("flow archive: a parallel load did not finish", e);
                failed.addAll(split.get(index + 1));
            }
        }
        return failed;
    }

    /** Makes the day's table in the connection's transaction, if the archive does not know it yet. */
    void createDay(DuckDBConnection loader, int day) throws SQLException {
        if (days.contains(day)) {
            return;
        }
        try (Statement statement = loader.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS " + DayTables.table(day) + " (" + DayTables.COLUMNS_DDL + ")");
            statement.execute("INSERT OR IGNORE INTO days (day, optimized_rows) VALUES (" + day + ", NULL)");
        }
    }

    /** The days a load made tables for, once it committed. */
    void created(Set<Integer> made) {
        if (!days.containsAll(made)) {
            TreeSet<Integer> newDays = new TreeSet<>(days);
            newDays.addAll(made);
            days = newDays;
        }
    }

    /** Stores the rows of {@code query} as flows of {@code day}, outside any batch; see the archive's {@code load}. */
    long loadQuery(int day, String query) {
        String source = "(" + query + ") AS r(" + DayTables.RECORD_COLUMNS + ")";
        try (Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            createDay(connection, day);
            statement.execute(FlowContexts.insertMissing(source));
            long rows = statement.executeLargeUpdate("INSERT INTO " + DayTables.table(day) + " "
                    + DayTables.rowsFromRecords(source, "r"));
            connection.commit();
            contexts.reload(connection);
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

    /**
     * Converts the day tables of the first layout (every record's text in its row) to the
     * current one, each day in a transaction of its own: a crash in the middle leaves that day in
     * the old layout, converted at the next open. A day that was sorted stays sorted.
     *
     * @return how many days were converted
     */
    static int convertOldDays(DuckDBConnection connection, FlowContexts contexts) throws SQLException {
        List<Integer> old = new ArrayList<>();
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT d.day FROM days d JOIN duckdb_columns() c"
                        + " ON c.table_name = 'flows_' || d.day AND c.column_name = 'slice_name' ORDER BY d.day")) {
            while (rows.next()) {
                old.add(rows.getInt(1));
            }
        }
        for (int day : old) {
            long started = System.nanoTime();
            String table = DayTables.table(day);
            String source = table + " r";
            try (Statement statement = connection.createStatement()) {
                connection.setAutoCommit(false);
                boolean sorted;
                try (ResultSet rows = statement.executeQuery("SELECT optimized_rows IS NOT NULL FROM days WHERE day = "
                        + day)) {
                    sorted = rows.next() && rows.getBoolean(1);
                }
                statement.execute(FlowContexts.insertMissing(source));
                statement.execute("CREATE TABLE " + table + "_converted (" + DayTables.COLUMNS_DDL + ")");
                long converted = statement.executeLargeUpdate("INSERT INTO " + table + "_converted "
                        + DayTables.rowsFromRecords(source, "r")
                        + (sorted ? " ORDER BY r.remote_high, r.remote_low, r.start_ms" : ""));
                long before;
                try (ResultSet rows = statement.executeQuery("SELECT count(*) FROM " + table)) {
                    rows.next();
                    before = rows.getLong(1);
                }
                if (converted != before) {
                    throw new SQLException("converting " + table + " gave " + converted + " rows of " + before);
                }
                statement.execute("DROP TABLE " + table);
                statement.execute("ALTER TABLE " + table + "_converted RENAME TO " + table);
                connection.commit();
                LOG.info("flow archive: converted day {} ({} flows) to the layout without text columns in {} ms", day,
                        converted, (System.nanoTime() - started) / 1_000_000);
            } catch (SQLException | RuntimeException e) {
                DuckDbLoader.rollback(connection);
                throw e;
            } finally {
                DuckDbLoader.autoCommit(connection);
            }
            contexts.reload(connection);
        }
        return old.size();
    }

    private void rollback() {
        DuckDbLoader.rollback(connection);
    }

    private void autoCommit() {
        DuckDbLoader.autoCommit(connection);
    }

    void close() {
        parallel.shutdownNow();
        loaders.forEach(DuckDbLoader::close);
    }
}
