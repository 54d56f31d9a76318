package org.planetlab.plc.audit;

import static java.util.Objects.requireNonNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
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
 * The flow archive in an embedded DuckDB file. Flows are kept in one table per day (by the
 * flow's start), so retention drops whole tables; a finished day is rewritten sorted by remote
 * address and time, so DuckDB's per-block min/max (zone maps) let a lookup by address read a
 * few blocks of each day. A batch, its records and the row saying it was stored are written in
 * one transaction: after a crash either all of it is there or none of it. Batches handed in at
 * the same time share that transaction (group commit).
 *
 * <p>One writer at a time (this object's lock); readers use connections of their own and see
 * committed data only.
 */
public final class DuckDbFlowArchive implements FlowArchive {
    private static final Logger LOG = LoggerFactory.getLogger(DuckDbFlowArchive.class);

    private final DuckDBConnection connection;
    private final Map<Integer, NodeSequences> sequences = new HashMap<>();
    /** Batches handed in together are written together, under this object's lock. */
    private final GroupCommit<Pending> groups = new GroupCommit<>(this, this::storeGroup);
    /** The days that have a table, shared with readers: replaced, never changed in place. */
    private volatile TreeSet<Integer> days = new TreeSet<>();
    private boolean closed;

    private DuckDbFlowArchive(DuckDBConnection connection) {
        this.connection = connection;
    }

    /** Opens (creating if needed) the archive at {@code file}, using at most 1 GiB of memory. */
    public static DuckDbFlowArchive open(Path file) {
        return open(file, 1024);
    }

    /** Opens (creating if needed) the archive at {@code file}, using at most {@code memoryLimitMb} of memory. */
    public static DuckDbFlowArchive open(Path file, int memoryLimitMb) {
        requireNonNull(file, "file is null");
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            DuckDBConnection connection = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + file);
            try (Statement statement = connection.createStatement()) {
                // DuckDB takes most of the machine's memory by default; PLC's registry and API share it.
                statement.execute("SET memory_limit = '" + memoryLimitMb + "MB'");
            }
            DuckDbFlowArchive archive = new DuckDbFlowArchive(connection);
            archive.load();
            return archive;
        } catch (Exception e) {
            throw new PlanetLabException(ErrorCode.UNAVAILABLE, "cannot open the flow archive " + file + ": "
                    + e.getMessage(), e);
        }
    }

    private void load() throws SQLException {
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
            days = found;
            // Runs of consecutive numbers per node: the stored ranges, from which the gaps follow.
            try (ResultSet rows = statement.executeQuery("SELECT node_id, min(sequence), max(sequence) FROM"
                    + " (SELECT node_id, sequence, sequence - row_number() OVER (PARTITION BY node_id ORDER BY"
                    + " sequence) AS run FROM batches) GROUP BY node_id, run ORDER BY node_id, 2")) {
                while (rows.next()) {
                    sequences.computeIfAbsent(rows.getInt(1), node -> new NodeSequences())
                            .addAscendingRange(rows.getLong(2), rows.getLong(3));
                }
            }
        }
    }

    /**
     * Stores the batch, in one transaction with the batches other uploads hand in at the same
     * time: whoever gets the writer's lock stores every batch waiting then (group commit), so
     * concurrent uploads share one commit instead of queueing for one each. Each batch's records
     * and its row are still written in the same transaction, so a crash keeps a batch whole or
     * not at all, and a batch is answered only after its transaction committed.
     */
    @Override
    public Ingest ingest(FlowBatch batch, String digest, long receivedMillis) {
        requireNonNull(batch, "batch is null");
        requireNonNull(digest, "digest is null");
        requireOpen();
        // Every address is keyed before anything is written, so a bad one refuses the batch cleanly;
        // done outside the lock, in the uploader's own thread.
        return groups.submit(new Pending(batch, digest, receivedMillis, byDay(batch)));
    }

    private static Map<Integer, List<Keyed>> byDay(FlowBatch batch) {
        Map<Integer, List<Keyed>> byDay = new TreeMap<>();
        for (FlowRecord record : batch.records()) {
            byDay.computeIfAbsent(DayTables.day(record.startMillis()), day -> new ArrayList<>())
                    .add(new Keyed(record, Addresses.key(record.remoteAddress())));
        }
        return byDay;
    }

    /** A batch handed in, its records keyed and sorted by day outside the lock. */
    private static final class Pending extends GroupCommit.Pending {
        final Map<Integer, List<Keyed>> byDay;

        Pending(FlowBatch batch, String digest, long receivedMillis, Map<Integer, List<Keyed>> byDay) {
            super(batch, digest, receivedMillis);
            this.byDay = byDay;
        }
    }

    private void storeGroup(List<Pending> group) {
        List<Pending> fresh = new ArrayList<>();
        List<Pending> later = new ArrayList<>();
        Map<List<Long>, Pending> inGroup = new HashMap<>();
        for (Pending pending : group) {
            FlowBatch batch = pending.batch;
            try {
                requireOpen();
                if (sequences.computeIfAbsent(batch.nodeId(), node -> new NodeSequences()).contains(batch.sequence())) {
                    requireSameContent(batch, pending.digest);
                    pending.answer(new Ingest(batch.sequence(), 0, true));
                } else if (inGroup.putIfAbsent(List.of((long) batch.nodeId(), batch.sequence()), pending) != null) {
                    // The same number twice at once (a node resending): the second is judged once the first is in.
                    later.add(pending);
                } else {
                    fresh.add(pending);
                }
            } catch (RuntimeException e) {
                pending.refuse(e);
            }
        }
        if (fresh.size() > 1) {
            try {
                write(fresh);
            } catch (SQLException | RuntimeException e) {
                LOG.warn("flow archive: storing {} batches together failed; storing each alone", fresh.size(), e);
                fresh.forEach(this::storeAlone);
            }
        } else {
            fresh.forEach(this::storeAlone);
        }
        if (!later.isEmpty()) {
            storeGroup(later);
        }
    }

    private void storeAlone(Pending pending) {
        if (pending.done) {
            return;
        }
        try {
            write(List.of(pending));
        } catch (SQLException | RuntimeException e) {
            pending.refuse(new PlanetLabException(ErrorCode.DATABASE_ERROR, "the flow archive could not store batch "
                    + pending.batch.sequence() + " of node " + pending.batch.nodeId() + "; nothing of it was stored,"
                    + " resend it: " + e.getMessage(), e));
        }
    }

    /** Writes the batches, their records and their rows in one transaction; answers them once it committed. */
    private void write(List<Pending> batches) throws SQLException {
        Map<Integer, List<List<Keyed>>> byDay = new TreeMap<>();
        for (Pending pending : batches) {
            pending.byDay.forEach((day, records) -> byDay.computeIfAbsent(day, key -> new ArrayList<>()).add(records));
        }
        TreeSet<Integer> newDays = new TreeSet<>(days);
        try {
            connection.setAutoCommit(false);
            // A statement first: it opens the transaction the appenders then write in (an appender
            // used first would write outside it, committing on its own).
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO batches (node_id, sequence,"
                    + " digest, records, received_ms) VALUES " + String.join(", ",
                    java.util.Collections.nCopies(batches.size(), "(?, ?, ?, ?, ?)")))) {
                int parameter = 0;
                for (Pending pending : batches) {
                    insert.setInt(++parameter, pending.batch.nodeId());
                    insert.setLong(++parameter, pending.batch.sequence());
                    insert.setString(++parameter, pending.digest);
                    insert.setInt(++parameter, pending.batch.records().size());
                    insert.setLong(++parameter, pending.receivedMillis);
                }
                insert.executeUpdate();
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
        for (Pending pending : batches) {
            sequences.computeIfAbsent(pending.batch.nodeId(), node -> new NodeSequences()).add(pending.batch.sequence());
            pending.answer(new Ingest(pending.batch.sequence(), pending.batch.records().size(), false));
        }
    }

    private void requireSameContent(FlowBatch batch, String digest) {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT digest FROM batches WHERE node_id = ? AND sequence = ?")) {
            query.setInt(1, batch.nodeId());
            query.setLong(2, batch.sequence());
            try (ResultSet rows = query.executeQuery()) {
                // A stored number whose row retention removed has only records too old to store again.
                if (rows.next() && !rows.getString(1).equals(digest)) {
                    throw new PlanetLabException(ErrorCode.ALREADY_EXISTS, "batch " + batch.sequence() + " of node "
                            + batch.nodeId() + " was stored before with other records; a node resends exactly the"
                            + " batch it sent, and numbers new records with a new batch number");
                }
            }
        } catch (SQLException e) {
            throw new PlanetLabException(ErrorCode.DATABASE_ERROR, "the flow archive failed: " + e.getMessage(), e);
        }
    }

    private void createDay(int day) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS " + DayTables.table(day) + " (" + DayTables.COLUMNS_DDL + ")");
            statement.execute("INSERT OR IGNORE INTO days (day, optimized_rows) VALUES (" + day + ", NULL)");
        }
    }

    private record Keyed(FlowRecord record, Addresses.Key remote) {}

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

    /**
     * Stores the rows a query of this engine produces as flows of one day, outside any batch (the
     * ledger does not count them): for loading flows generated or migrated in bulk, such as the
     * benchmarks' 100 million synthetic records. The query yields the day table's columns in
     * {@link DayTables#COLUMNS_DDL}'s order, every row starting within {@code day}. PLC never calls it.
     *
     * @return how many rows were stored
     */
    public synchronized long load(int day, String query) {
        requireNonNull(query, "query is null");
        requireOpen();
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

    @Override
    public synchronized OptionalLong highestSequence(int nodeId) {
        NodeSequences stored = sequences.get(nodeId);
        return stored == null ? OptionalLong.empty() : stored.highest();
    }

    @Override
    public List<FlowRecord> flows(FlowQuery query) {
        return reads().flows(query);
    }

    @Override
    public List<TrafficHour> sliceTraffic(int sliceId, long fromMillis, long toMillis) {
        return reads().sliceTraffic(sliceId, fromMillis, toMillis);
    }

    @Override
    public List<TopTalker> topTalkers(long fromMillis, long toMillis, int limit, List<Integer> onlySliceIds) {
        return reads().topTalkers(fromMillis, toMillis, limit, onlySliceIds);
    }

    private DuckDbReads reads() {
        requireOpen();
        return new DuckDbReads(this::readConnection, days);
    }

    private Connection readConnection() throws SQLException {
        return connection.duplicate();
    }

    @Override
    public synchronized int dropExpired(long nowMillis, int retentionDays) {
        requireOpen();
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

    @Override
    public synchronized void optimize(long nowMillis) {
        requireOpen();
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

    private void requireOpen() {
        if (closed) {
            throw new PlanetLabException(ErrorCode.UNAVAILABLE, "the flow archive is closed; PLC is shutting down");
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

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            connection.close();
        } catch (SQLException e) {
            LOG.warn("closing the flow archive failed", e);
        }
    }
}
