package org.planetlab.plc.audit;

import static java.util.Objects.requireNonNull;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
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
 * few blocks of each day. A row holds no text: its remote address is its 128-bit key, rendered
 * when read, and what it shares with the other flows of its sliver (slice name, sliver and public
 * address) is stored once ({@link FlowContexts}). Day tables of the first layout, with that text in
 * every row, are converted when the archive opens, a day a transaction.
 *
 * <p>A batch is acknowledged once it is in the staging journal ({@link FlowJournal}, fsync'd);
 * batches handed in at the same time share one append and one fsync (group commit). A loader
 * thread moves the journal into DuckDB in large transactions, each holding the records and the
 * ledger rows of its batches, so DuckDB writes whole compressed row groups instead of logging
 * every record in its WAL first. The once-only check ({@link StoredBatches}) knows batches
 * wherever they are: journaled (in memory, beside the journal) or loaded (the ledger). After a
 * crash, journaled batches the ledger does not hold are loaded at start; those it holds (the
 * crash came between a load's commit and the deletion of its segment) are skipped. Queries first
 * wait for everything journaled before them to be loaded, so an acknowledged batch is always found.
 *
 * <p>One writer at a time (this object's lock: the journal and the once-only state); one load or
 * maintenance task at a time (the load lock); readers use connections of their own and see
 * committed data only.
 */
public final class DuckDbFlowArchive implements FlowArchive {
    private static final Logger LOG = LoggerFactory.getLogger(DuckDbFlowArchive.class);
    /** How long a query waits for the journal's load before answering from what is loaded. */
    private static final long READ_WAIT_MILLIS = 30_000;
    /** Loads that may run at once, each on a connection (and a core) of its own. */
    private static final int LOADERS = Math.clamp(Runtime.getRuntime().availableProcessors(), 1, 4);

    private final DuckDBConnection connection;
    private final JournalStaging staging;
    private final Object loadLock = new Object();
    private final DuckDbTables tables;
    /** Batches handed in together are journaled together, under this object's lock. */
    private final GroupCommit<Pending> groups = new GroupCommit<>(this, this::storeGroup);
    private FlowJournal journal;
    /** Under this object's lock: the once-only state. */
    private final StoredBatches stored;
    private List<DuckDbTables.Staged> unloaded = new ArrayList<>();
    private long unloadedSinceNanos;
    /** Written under this object's lock; read without it by uploads checking for room. */
    private volatile int journaledRecords;
    private long journaledCount;
    private long attemptedCount;
    private boolean loadRequested;
    /** Under the load lock: batches whose load failed, tried again at every load. */
    private List<DuckDbTables.Staged> retry = List.of();
    private long lastClosedSegment = -1;
    private Thread loader;
    private volatile boolean closed;

    private DuckDbFlowArchive(DuckDBConnection connection, DuckDbTables tables, JournalStaging staging,
            StoredBatches stored) {
        this.connection = connection;
        this.tables = tables;
        this.staging = staging;
        this.stored = stored;
    }

    /** Opens (creating if needed) the archive at {@code file}, using at most 1 GiB of memory. */
    public static DuckDbFlowArchive open(Path file) {
        return open(file, 1024);
    }

    /** Opens (creating if needed) the archive at {@code file}, using at most {@code memoryLimitMb} of memory. */
    public static DuckDbFlowArchive open(Path file, int memoryLimitMb) {
        return open(file, memoryLimitMb, JournalStaging.DEFAULT);
    }

    static DuckDbFlowArchive open(Path file, int memoryLimitMb, JournalStaging staging) {
        requireNonNull(file, "file is null");
        requireNonNull(staging, "staging is null");
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            DuckDBConnection connection = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + file);
            try (Statement statement = connection.createStatement()) {
                // DuckDB takes most of the machine's memory by default; PLC's registry and API share it.
                statement.execute("SET memory_limit = '" + memoryLimitMb + "MB'");
            }
            TreeSet<Integer> days = DuckDbTables.create(connection);
            JournalRows.register(connection);
            FlowContexts contexts;
            try {
                contexts = FlowContexts.open(connection);
                DuckDbTables.convertOldDays(connection, contexts);
            } catch (SQLException | RuntimeException e) {
                // Nothing runs on the file yet: released, so that it can be opened again once the cause is fixed.
                connection.close();
                throw e;
            }
            List<DuckDBConnection> loaders = new ArrayList<>();
            for (int index = 0; index < LOADERS; index++) {
                loaders.add((DuckDBConnection) connection.duplicate());
            }
            DuckDbFlowArchive archive = new DuckDbFlowArchive(connection, new DuckDbTables(loaders, contexts, days,
                    staging.partRecords()), staging, StoredBatches.open(connection));
            archive.recover(file.resolveSibling(file.getFileName() + ".journal"));
            return archive;
        } catch (Exception e) {
            throw new PlanetLabException(ErrorCode.UNAVAILABLE, "cannot open the flow archive " + file + ": "
                    + e.getMessage(), e);
        }
    }

    /** Loads what the journal holds and the ledger does not, then starts the loader. */
    private void recover(Path journalDirectory) {
        List<FlowJournal.Entry> recovered = new ArrayList<>();
        int skipped = 0;
        synchronized (this) {
            journal = FlowJournal.open(journalDirectory, recovered);
            for (FlowJournal.Entry entry : recovered) {
                if (stored.contains(entry.batch())) {
                    skipped++;
                } else {
                    stage(entry, DuckDbTables.stage(entry));
                }
            }
        }
        if (!recovered.isEmpty()) {
            LOG.info("flow archive: {} batch(es) in the journal at start, {} of them loaded before; loading the rest",
                    recovered.size(), skipped);
        }
        // Also when nothing is left to load: the segments of earlier runs go.
        loadJournaled(true);
        loader = Thread.ofPlatform().daemon().name("flow-archive-loader").start(this::runLoader);
    }

    /**
     * Journals the batch and answers once it is on disk, in one append and fsync with the batches
     * other uploads hand in at the same time (group commit).
     */
    @Override
    public Ingest ingest(FlowBatch batch, String digest, long receivedMillis) {
        requireNonNull(batch, "batch is null");
        requireNonNull(digest, "digest is null");
        requireOpen();
        FlowJournal.Entry entry = new FlowJournal.Entry(batch, digest, receivedMillis);
        // Every address is keyed before anything is written, so a bad one refuses the batch cleanly;
        // done outside the lock, in the uploader's own thread.
        DuckDbTables.Staged staged = DuckDbTables.stage(entry);
        Pending pending = new Pending(entry, staged, FlowJournal.encode(staged));
        awaitRoom();
        return groups.submit(pending);
    }

    /** A batch handed in, its records keyed and sorted by day outside the lock. */
    private static final class Pending extends GroupCommit.Pending {
        final DuckDbTables.Staged staged;
        final ByteBuffer encoded;

        Pending(FlowJournal.Entry entry, DuckDbTables.Staged staged, ByteBuffer encoded) {
            super(entry.batch(), entry.digest(), entry.receivedMillis());
            this.staged = staged;
            this.encoded = encoded;
        }
    }

    /** Holds uploads back while the loader is far behind, so memory stays bounded. */
    private void awaitRoom() {
        if (journaledRecords < staging.maxJournaledRecords()) {
            return;
        }
        synchronized (this) {
            awaitRoomLocked();
        }
    }

    private void awaitRoomLocked() {
        while (!closed && journaledRecords >= staging.maxJournaledRecords()) {
            loadRequested = true;
            notifyAll();
            try {
                wait(1_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PlanetLabException(ErrorCode.UNAVAILABLE, "interrupted while the flow archive loaded;"
                        + " resend the batch");
            }
        }
    }

    private void storeGroup(List<Pending> group) {
        List<Pending> fresh = new ArrayList<>();
        List<Pending> later = new ArrayList<>();
        Set<List<Long>> inGroup = new HashSet<>();
        for (Pending pending : group) {
            FlowBatch batch = pending.batch;
            try {
                requireOpen();
                if (stored.contains(batch)) {
                    stored.requireSameContent(batch, pending.digest);
                    pending.answer(new Ingest(batch.sequence(), 0, true));
                } else if (!inGroup.add(StoredBatches.key(batch))) {
                    // The same number twice at once (a node resending): the second is judged once the first is in.
                    later.add(pending);
                } else {
                    fresh.add(pending);
                }
            } catch (RuntimeException e) {
                pending.refuse(e);
            }
        }
        if (!fresh.isEmpty()) {
            journal(fresh);
        }
        if (!later.isEmpty()) {
            storeGroup(later);
        }
    }

    private void journal(List<Pending> fresh) {
        try {
            journal.append(fresh.stream().map(pending -> pending.encoded).toList());
        } catch (RuntimeException e) {
            // What part of the append reached the disk ends in a torn entry: later appends go to a new segment.
            try {
                journal.rotate();
            } catch (RuntimeException rotation) {
                e.addSuppressed(rotation);
            }
            LOG.warn("flow archive: writing {} batch(es) to the journal failed", fresh.size(), e);
            for (Pending pending : fresh) {
                pending.refuse(new PlanetLabException(ErrorCode.DATABASE_ERROR, "the flow archive could not store"
                        + " batch " + pending.batch.sequence() + " of node " + pending.batch.nodeId()
                        + "; resend it: " + e.getMessage(), e));
            }
            return;
        }
        for (Pending pending : fresh) {
            stage(pending.staged.entry(), pending.staged);
            pending.answer(new Ingest(pending.batch.sequence(), pending.batch.records().size(), false));
        }
        if (journaledRecords >= staging.loadRecords()) {
            notifyAll();
        }
    }

    /** Under this object's lock: the batch is journaled and waits for its load. */
    private void stage(FlowJournal.Entry entry, DuckDbTables.Staged staged) {
        stored.journaled(entry.batch(), entry.digest());
        if (unloaded.isEmpty()) {
            unloadedSinceNanos = System.nanoTime();
        }
        unloaded.add(staged);
        journaledRecords += staged.records();
        journaledCount++;
    }

    private void runLoader() {
        while (true) {
            synchronized (this) {
                while (!closed && !loadDue()) {
                    long waitMillis = unloaded.isEmpty() ? staging.loadLagMillis()
                            : staging.loadLagMillis() - (System.nanoTime() - unloadedSinceNanos) / 1_000_000;
                    try {
                        wait(Math.max(1, waitMillis));
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (closed) {
                    return;
                }
            }
            loadJournaled(false);
        }
    }

    private boolean loadDue() {
        return !unloaded.isEmpty() && (loadRequested || journaledRecords >= staging.loadRecords()
                || System.nanoTime() - unloadedSinceNanos >= staging.loadLagMillis() * 1_000_000);
    }

    /**
     * Moves every journaled batch into DuckDB: closes the journal's segment, loads its batches (and
     * any whose load failed before) in one transaction, and deletes the segments once all loaded.
     */
    private void loadJournaled(boolean rotateEvenIfEmpty) {
        synchronized (loadLock) {
            List<DuckDbTables.Staged> taking;
            long takenCount;
            synchronized (this) {
                taking = unloaded;
                unloaded = new ArrayList<>();
                takenCount = journaledCount;
                loadRequested = false;
                if (!taking.isEmpty() || rotateEvenIfEmpty) {
                    lastClosedSegment = journal.rotate();
                }
            }
            List<DuckDbTables.Staged> all = new ArrayList<>(retry);
            all.addAll(taking);
            List<DuckDbTables.Staged> failed = tables.load(all);
            retry = failed;
            Set<DuckDbTables.Staged> notLoaded = Set.copyOf(failed);
            synchronized (this) {
                for (DuckDbTables.Staged staged : all) {
                    if (!notLoaded.contains(staged)) {
                        stored.loaded(staged.entry().batch());
                        journaledRecords -= staged.records();
                    }
                }
                attemptedCount = Math.max(attemptedCount, takenCount);
                if (retry.isEmpty() && lastClosedSegment >= 0) {
                    journal.deleteThrough(lastClosedSegment);
                }
                notifyAll();
            }
        }
    }

    /** Waits until every batch journaled before this call was loaded (or its load tried). */
    private void awaitLoaded() {
        synchronized (this) {
            long target = journaledCount;
            if (attemptedCount >= target) {
                return;
            }
            loadRequested = true;
            notifyAll();
            long deadline = System.nanoTime() + READ_WAIT_MILLIS * 1_000_000;
            while (!closed && attemptedCount < target) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    LOG.warn("flow archive: the journal's load took more than {} ms; answering from what is loaded",
                            READ_WAIT_MILLIS);
                    return;
                }
                try {
                    wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /**
     * Stores the rows a query of this engine produces as flows of one day, outside any batch (the
     * ledger does not count them): for loading flows generated or migrated in bulk, such as the
     * benchmarks' 100 million synthetic records. The query yields a flow's values with their text in
     * {@link DayTables#RECORD_COLUMNS}' order (the remote address's key computed as {@link Addresses}
     * does), every row starting within {@code day}; their contexts are stored as needed. PLC never calls it.
     *
     * @return how many rows were stored
     */
    public long load(int day, String query) {
        requireNonNull(query, "query is null");
        requireOpen();
        synchronized (loadLock) {
            return tables.loadQuery(day, query);
        }
    }

    @Override
    public synchronized OptionalLong highestSequence(int nodeId) {
        return stored.highest(nodeId);
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
        awaitLoaded();
        return new DuckDbReads(connection::duplicate, tables.days(), tables.contexts());
    }

    @Override
    public int dropExpired(long nowMillis, int retentionDays) {
        requireOpen();
        synchronized (loadLock) {
            // Journaled batches of expired days go with them: first into their tables.
            loadJournaled(false);
            return tables.dropExpired(nowMillis, retentionDays);
        }
    }

    @Override
    public void optimize(long nowMillis) {
        requireOpen();
        synchronized (loadLock) {
            loadJournaled(false);
            tables.optimize(nowMillis);
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new PlanetLabException(ErrorCode.UNAVAILABLE, "the flow archive is closed; PLC is shutting down");
        }
    }

    /** Loads what the journal holds, then closes. */
    @Override
    public void close() {
        if (stopLoader()) {
            loadJournaled(false);
            closeFiles();
        }
    }

    /** Closes without loading the journal, leaving what a PLC killed now leaves on disk; for tests of recovery. */
    void closeWithoutLoading() {
        if (stopLoader()) {
            closeFiles();
        }
    }

    private boolean stopLoader() {
        synchronized (this) {
            if (closed) {
                return false;
            }
            closed = true;
            notifyAll();
        }
        try {
            loader.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return true;
    }

    private void closeFiles() {
        synchronized (this) {
            journal.close();
        }
        tables.close();
        try {
            connection.close();
        } catch (SQLException e) {
            LOG.warn("closing the flow archive failed", e);
        }
    }
}
