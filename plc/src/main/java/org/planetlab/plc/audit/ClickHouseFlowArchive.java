package org.planetlab.plc.audit;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.StringJoiner;
import org.planetlab.api.audit.FlowBatch;
import org.planetlab.api.audit.FlowRecord;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The flow archive in a ClickHouse server, for deployments whose flows outgrow one machine and for
 * several PLC servers sharing one registry: they all write to and read from the same tables (see
 * {@link ClickHouseTables}).
 *
 * <p>A batch is stored once: its records are inserted first, then its row in the ledger
 * ({@code batches}); a batch whose number the ledger holds is a duplicate (or refused if its
 * digest differs). The ledger is read from the server for every batch, never cached, so a batch
 * stored through another PLC server is recognized too. A crash between the two inserts, or two
 * servers taking the same batch at once, stores its records twice; both copies carry the same
 * (node, batch, position) and every read counts them once (ClickHouse merges them away later).
 * Batches handed in at the same time are written with one insert for their records and one for
 * their ledger rows, which keeps ClickHouse's parts few when many nodes upload at once.
 */
public final class ClickHouseFlowArchive implements FlowArchive {
    private static final Logger LOG = LoggerFactory.getLogger(ClickHouseFlowArchive.class);

    private final ClickHouseHttp http;
    private final String database;
    private final ClickHouseReads reads;
    private final GroupCommit<Pending> groups = new GroupCommit<>(new Object(), this::storeGroup);
    private volatile boolean closed;

    private ClickHouseFlowArchive(ClickHouseHttp http, String database) {
        this.http = http;
        this.database = database;
        this.reads = new ClickHouseReads(http, database);
    }

    /** Connects to the server and creates the database and its tables if they are missing. */
    public static ClickHouseFlowArchive open(ClickHouseSettings settings) {
        requireNonNull(settings, "settings is null");
        ClickHouseHttp http = new ClickHouseHttp(settings);
        try {
            http.execute("CREATE DATABASE IF NOT EXISTS " + settings.database());
            http.execute(ClickHouseTables.createFlows(settings.database()));
            http.execute(ClickHouseTables.createBatches(settings.database()));
        } catch (PlanetLabException e) {
            throw new PlanetLabException(ErrorCode.UNAVAILABLE, "cannot open the ClickHouse flow archive " + settings
                    + ": " + e.getMessage(), e);
        }
        return new ClickHouseFlowArchive(http, settings.database());
    }

    @Override
    public Ingest ingest(FlowBatch batch, String digest, long receivedMillis) {
        requireNonNull(batch, "batch is null");
        requireNonNull(digest, "digest is null");
        requireOpen();
        // The rows are encoded (and every address keyed) in the uploader's own thread, before the lock.
        RowBinary rows = new RowBinary(batch.records().size() * 160);
        List<FlowRecord> records = batch.records();
        for (int position = 0; position < records.size(); position++) {
            FlowRecord record = records.get(position);
            ClickHouseTables.append(rows, record, Addresses.key(record.remoteAddress()), batch.sequence(), position);
        }
        return groups.submit(new Pending(batch, digest, receivedMillis, rows.toByteArray()));
    }

    /** A batch handed in, its rows encoded outside the lock. */
    private static final class Pending extends GroupCommit.Pending {
        final byte[] rows;

        Pending(FlowBatch batch, String digest, long receivedMillis, byte[] rows) {
            super(batch, digest, receivedMillis);
            this.rows = rows;
        }

        String key() {
            return batch.nodeId() + "/" + batch.sequence();
        }
    }

    private void storeGroup(List<Pending> group) {
        Map<String, Pending> fresh = new LinkedHashMap<>();
        List<Pending> later = new ArrayList<>();
        for (Pending pending : group) {
            if (fresh.putIfAbsent(pending.key(), pending) != null) {
                // The same number twice at once (a node resending): judged once the first is in.
                later.add(pending);
            }
        }
        try {
            requireOpen();
            Map<String, List<String>> stored = storedDigests(fresh.values());
            List<Pending> toWrite = new ArrayList<>();
            for (Pending pending : fresh.values()) {
                List<String> digests = stored.get(pending.key());
                if (digests == null) {
                    toWrite.add(pending);
                } else if (digests.contains(pending.digest)) {
                    pending.answer(new Ingest(pending.batch.sequence(), 0, true));
                } else {
                    pending.refuse(new PlanetLabException(ErrorCode.ALREADY_EXISTS, "batch " + pending.batch.sequence()
                            + " of node " + pending.batch.nodeId() + " was stored before with other records; a node"
                            + " resends exactly the batch it sent, and numbers new records with a new batch number"));
                }
            }
            write(toWrite);
        } catch (RuntimeException e) {
            LOG.warn("flow archive: storing {} batch(es) in ClickHouse failed", fresh.size(), e);
            for (Pending pending : fresh.values()) {
                if (!pending.done) {
                    pending.refuse(new PlanetLabException(ErrorCode.DATABASE_ERROR, "the flow archive could not store"
                            + " batch " + pending.batch.sequence() + " of node " + pending.batch.nodeId() + "; it is"
                            + " not counted as stored, resend it: " + e.getMessage(), e));
                }
            }
        }
        if (!later.isEmpty()) {
            storeGroup(later);
        }
    }

    /** The ledger's digests for the batches' numbers (several if servers stored one concurrently). */
    private Map<String, List<String>> storedDigests(Iterable<Pending> batches) {
        StringJoiner numbers = new StringJoiner(", ", "(", ")");
        for (Pending pending : batches) {
            numbers.add("(" + pending.batch.nodeId() + ", " + pending.batch.sequence() + ")");
        }
        Map<String, List<String>> stored = new HashMap<>();
        for (String[] row : http.query("SELECT node_id, sequence, digest FROM " + database + ".batches WHERE"
                + " (node_id, sequence) IN " + numbers)) {
            stored.computeIfAbsent(row[0] + "/" + row[1], key -> new ArrayList<>()).add(row[2]);
        }
        return stored;
    }

    /** The records of all the batches in one insert, then their ledger rows in another: then they count as stored. */
    private void write(List<Pending> batches) {
        if (batches.isEmpty()) {
            return;
        }
        int size = batches.stream().mapToInt(pending -> pending.rows.length).sum();
        byte[] all = new byte[size];
        int offset = 0;
        RowBinary ledger = new RowBinary(batches.size() * 100);
        for (Pending pending : batches) {
            System.arraycopy(pending.rows, 0, all, offset, pending.rows.length);
            offset += pending.rows.length;
            ledger.int32(pending.batch.nodeId()).int64(pending.batch.sequence()).string(pending.digest)
                    .int32(pending.batch.records().size()).int64(pending.receivedMillis);
        }
        http.insert("INSERT INTO " + database + ".flows (" + ClickHouseTables.FLOW_COLUMNS + ")", all);
        http.insert("INSERT INTO " + database + ".batches (" + ClickHouseTables.BATCH_COLUMNS + ")",
                ledger.toByteArray());
        for (Pending pending : batches) {
            pending.answer(new Ingest(pending.batch.sequence(), pending.batch.records().size(), false));
        }
    }

    /**
     * Stores the rows a query of this engine produces as flows, outside any batch (the ledger does
     * not count them): for loading flows generated or migrated in bulk, such as the benchmarks' 100
     * million synthetic records. The query yields {@link ClickHouseTables#FLOW_COLUMNS} in order,
     * each row's (node, sequence, position) its own. PLC never calls it.
     */
    public void load(String query) {
        requireNonNull(query, "query is null");
        requireOpen();
        http.executeLong("INSERT INTO " + database + ".flows (" + ClickHouseTables.FLOW_COLUMNS + ") " + query);
    }

    /** The number of flows stored, counting copies a merge has not removed yet. */
    public long rows() {
        requireOpen();
        return Long.parseLong(http.query("SELECT count() FROM " + database + ".flows").getFirst()[0]);
    }

    /** Removes the archive's database and everything in it: for benchmarks and tests, never PLC. */
    public void dropDatabase() {
        requireOpen();
        http.execute("DROP DATABASE IF EXISTS " + database);
    }

    @Override
    public OptionalLong highestSequence(int nodeId) {
        requireOpen();
        String[] row = http.query("SELECT count(), max(sequence) FROM " + database + ".batches WHERE node_id = "
                + nodeId).getFirst();
        return row[0].equals("0") ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(row[1]));
    }

    @Override
    public List<FlowRecord> flows(FlowQuery query) {
        requireOpen();
        return reads.flows(query);
    }

    @Override
    public List<TrafficHour> sliceTraffic(int sliceId, long fromMillis, long toMillis) {
        requireOpen();
        return reads.sliceTraffic(sliceId, fromMillis, toMillis);
    }

    @Override
    public List<TopTalker> topTalkers(long fromMillis, long toMillis, int limit, List<Integer> onlySliceIds) {
        requireOpen();
        return reads.topTalkers(fromMillis, toMillis, limit, onlySliceIds);
    }

    /** Drops whole day partitions of flows, and of the ledger by the day batches arrived. */
    @Override
    public int dropExpired(long nowMillis, int retentionDays) {
        requireOpen();
        int oldestKept = DayTables.day(nowMillis) - retentionDays;
        int dropped = 0;
        for (String table : List.of("flows", "batches")) {
            for (int day : partitions(table)) {
                if (day < oldestKept) {
                    http.execute("ALTER TABLE " + database + "." + table + " DROP PARTITION " + day);
                    dropped += table.equals("flows") ? 1 : 0;
                }
            }
        }
        if (dropped > 0) {
            LOG.info("flow archive: dropped the flows of {} day(s) older than {} days", dropped, retentionDays);
        }
        return dropped;
    }

    /**
     * Merges each finished day's parts into one, which also removes the copies a crash or a
     * concurrent resend left; ClickHouse merges on its own too, this makes sure a finished day
     * is one sorted part.
     */
    @Override
    public void optimize(long nowMillis) {
        requireOpen();
        int lastFinished = DayTables.day(nowMillis - 3_600_000L) - 1;
        for (String[] row : http.query("SELECT partition, count() FROM system.parts WHERE database = '" + database
                + "' AND table = 'flows' AND active GROUP BY partition")) {
            int day = Integer.parseInt(row[0]);
            if (day <= lastFinished && Long.parseLong(row[1]) > 1) {
                try {
                    http.executeLong("OPTIMIZE TABLE " + database + ".flows PARTITION " + day + " FINAL");
                } catch (PlanetLabException e) {
                    LOG.warn("flow archive: merging day {} failed; it stays readable", day, e);
                }
            }
        }
    }

    private List<Integer> partitions(String table) {
        // The database's name is checked to be an identifier (ClickHouseSettings), so it may stand in a literal.
        return http.query("SELECT DISTINCT partition FROM system.parts WHERE database = '" + database + "' AND table = '"
                + table + "' AND active").stream().map(row -> Integer.parseInt(row[0])).toList();
    }

    private void requireOpen() {
        if (closed) {
            throw new PlanetLabException(ErrorCode.UNAVAILABLE, "the flow archive is closed; PLC is shutting down");
        }
    }

    @Override
    public void close() {
        closed = true;
    }
}
