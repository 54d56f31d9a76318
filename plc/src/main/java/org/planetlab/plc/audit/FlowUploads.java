package org.planetlab.plc.audit;

import static java.util.Objects.requireNonNull;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.planetlab.api.audit.AuditApi;
import org.planetlab.api.audit.FlowBatch;
import org.planetlab.api.audit.FlowRecord;
import org.planetlab.api.audit.FlowWire;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.plc.auth.Caller;
import org.planetlab.plc.mutation.MutationPath;
import org.planetlab.plc.store.Database;
import org.planetlab.plc.store.Rows;

/**
 * Nodes' uploads of flow records: who may upload what, and which batches are plausible. A batch
 * passes every check or nothing of it is stored. Stored batches are not written to the event log
 * (the archive's own list of batches records each); refused ones are, since a forged or replayed
 * batch is worth an operator's attention.
 */
public final class FlowUploads {
    /** More bytes than a day at 10 Gb/s: no record is that large. */
    static final long MAX_BYTES = 1L << 48;
    /** More packets than a day of minimum-size packets at 10 Gb/s. */
    static final long MAX_PACKETS = 1L << 40;
    /** How far a node's clock may run ahead of PLC's. */
    static final long CLOCK_SKEW_MILLIS = 5 * 60_000L;

    private final FlowArchive archive;
    private final Database database;
    private final MutationPath mutations;
    private final AuditSettings settings;
    private final Clock clock;

    public FlowUploads(FlowArchive archive, Database database, MutationPath mutations, AuditSettings settings,
            Clock clock) {
        this.archive = requireNonNull(archive, "archive is null");
        this.database = requireNonNull(database, "database is null");
        this.mutations = requireNonNull(mutations, "mutations is null");
        this.settings = requireNonNull(settings, "settings is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** Stores a batch in its wire form for the calling node, or refuses it (and records the refusal). */
    public FlowArchive.Ingest upload(Caller caller, Object wireBatch) {
        try {
            return store(caller, FlowWire.batchFromWire(wireBatch));
        } catch (PlanetLabException refused) {
            recordRefusal(caller, wireBatch, refused);
            throw refused;
        }
    }

    /** Stores a parsed batch for the calling node. */
    public FlowArchive.Ingest store(Caller caller, FlowBatch batch) {
        long nodeId = caller.nodeId().orElseThrow(() -> PlanetLabException.permissionDenied(
                AuditApi.UPLOAD_FLOWS + ": only nodes upload flows, each its own"));
        if (batch.nodeId() != nodeId) {
            throw PlanetLabException.permissionDenied(AuditApi.UPLOAD_FLOWS + ": node " + nodeId
                    + " may upload only its own records; this batch is node " + batch.nodeId() + "'s");
        }
        long highest = archive.highestSequence(batch.nodeId()).orElse(0);
        if (batch.sequence() > highest + settings.maxSequenceGap()) {
            throw PlanetLabException.invalidArgument("batch " + batch.sequence() + " of node " + nodeId + " is more than "
                    + settings.maxSequenceGap() + " beyond the highest batch stored for it (" + highest
                    + "); a node numbers its batches from 1 without skipping");
        }
        long now = clock.millis();
        checkRecords(batch, now);
        checkSlices(batch);
        return archive.ingest(batch, digest(batch), now);
    }

    private void checkRecords(FlowBatch batch, long now) {
        long oldest = now - settings.retentionDays() * DayTables.DAY_MILLIS;
        for (int index = 0; index < batch.records().size(); index++) {
            FlowRecord record = batch.records().get(index);
            if (record.endMillis() > now + CLOCK_SKEW_MILLIS) {
                throw PlanetLabException.invalidArgument("record " + index + " ends " + record.endMillis()
                        + " ms after 1970, in the future (PLC's time is " + now + "); check the node's clock");
            }
            if (record.startMillis() < oldest) {
                throw PlanetLabException.invalidArgument("record " + index + " starts before the archive's retention of "
                        + settings.retentionDays() + " days; drop such records instead of uploading them");
            }
            if (record.bytesOut() > MAX_BYTES || record.bytesIn() > MAX_BYTES || record.packetsOut() > MAX_PACKETS
                    || record.packetsIn() > MAX_PACKETS) {
                throw PlanetLabException.invalidArgument("record " + index + " counts more bytes or packets than a day"
                        + " at 10 Gb/s carries; at most 2^48 bytes and 2^40 packets each way");
            }
            Addresses.key(record.sliverAddress());
            Addresses.key(record.publicAddress());
            Addresses.key(record.remoteAddress());
            if (record.endMillis() - record.startMillis() > DayTables.MAX_RECORD_MILLIS) {
                throw PlanetLabException.invalidArgument("record " + index + " lasts more than a day; a node cuts long"
                        + " flows into periodic records");
            }
        }
    }

    /** Every record names a slice PLC knows under that id and name, which existed when the flow ran. */
    private void checkSlices(FlowBatch batch) {
        Map<Integer, SliceSpan> named = new LinkedHashMap<>();
        for (FlowRecord record : batch.records()) {
            SliceSpan span = named.get(record.sliceId());
            if (span != null && !span.name().equals(record.sliceName())) {
                throw PlanetLabException.invalidArgument("slice " + record.sliceId() + " is named both "
                        + span.name() + " and " + record.sliceName() + " in one batch");
            }
            named.put(record.sliceId(), span == null ? new SliceSpan(record.sliceName(), record.startMillis(),
                    record.endMillis()) : span.widen(record.startMillis(), record.endMillis()));
        }
        if (named.isEmpty()) {
            return;
        }
        List<Object> ids = List.copyOf(named.keySet().stream().map(id -> (Object) (long) id).toList());
        Map<Long, Registered> registered = new LinkedHashMap<>();
        database.read(handle -> Rows.select(handle, "SELECT slice_id, name, created, deleted_at FROM slices"
                        + " WHERE slice_id IN (" + "?, ".repeat(ids.size() - 1) + "?)", ids)
                .map((row, context) -> registered.put(row.getLong(1), new Registered(row.getString(2), row.getLong(3),
                        nullableLong(row, 4))))
                .list());
        named.forEach((sliceId, span) -> {
            Registered slice = registered.get((long) sliceId);
            if (slice == null || !slice.name().equals(span.name())) {
                throw PlanetLabException.invalidArgument("no slice " + sliceId + " named " + span.name()
                        + " exists or existed at PLC; the node's attribution is out of step with PLC's registry");
            }
            if (span.lastMillis() < slice.created() * 1000 - CLOCK_SKEW_MILLIS
                    || (slice.deletedAt() != null && span.firstMillis() > slice.deletedAt() * 1000 + CLOCK_SKEW_MILLIS)) {
                throw PlanetLabException.invalidArgument("slice " + span.name() + " did not exist when its flows ran");
            }
        });
    }

    private static Long nullableLong(java.sql.ResultSet row, int column) throws java.sql.SQLException {
        long value = row.getLong(column);
        return row.wasNull() ? null : value;
    }

    private record SliceSpan(String name, long firstMillis, long lastMillis) {
        SliceSpan widen(long start, long end) {
            return new SliceSpan(name, Math.min(firstMillis, start), Math.max(lastMillis, end));
        }
    }

    private record Registered(String name, long created, Long deletedAt) {}

    /**
     * What a batch's content hashes to, field by field, so a resend is recognized as the same batch.
     * Per record: its numbers as 14 big-endian longs, then slice name and the three addresses in
     * UTF-8, each followed by a zero byte. The bytes are gathered in one buffer and hashed a buffer
     * at a time (hashing each field on its own cost more than the hash); the bytes, and so the
     * digests stored in the archive's ledger, are the same as ever.
     */
    static String digest(FlowBatch batch) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            ByteBuffer buffer = ByteBuffer.allocate(DIGEST_BUFFER);
            for (FlowRecord record : batch.records()) {
                if (buffer.remaining() < DIGEST_RECORD_ROOM) {
                    sha.update(buffer.array(), 0, buffer.position());
                    buffer.clear();
                }
                buffer.putLong(record.sliceId()).putLong(record.direction().ordinal()).putLong(record.protocol())
                        .putLong(record.startMillis()).putLong(record.endMillis()).putLong(record.sliverPort())
                        .putLong(record.publicPort()).putLong(record.remotePort()).putLong(record.packetsOut())
                        .putLong(record.bytesOut()).putLong(record.packetsIn()).putLong(record.bytesIn())
                        .putLong(record.tcpFlags()).putLong(record.dropped() ? 1 : 0);
                putText(buffer, record.sliceName());
                putText(buffer, record.sliverAddress());
                putText(buffer, record.publicAddress());
                putText(buffer, record.remoteAddress());
            }
            sha.update(buffer.array(), 0, buffer.position());
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from the JDK", e);
        }
    }

    /** Room for one record: 14 longs and four texts of at most 64 characters, 3 bytes each in UTF-8, and their ends. */
    private static final int DIGEST_RECORD_ROOM = 14 * 8 + 4 * (64 * 3 + 1);
    private static final int DIGEST_BUFFER = 64 * 1024;

    /** The text in UTF-8 and a zero byte; names and addresses are ASCII, so each character is its byte. */
    private static void putText(ByteBuffer buffer, String text) {
        int length = text.length();
        boolean ascii = true;
        for (int index = 0; index < length && ascii; index++) {
            ascii = text.charAt(index) < 0x80;
        }
        if (ascii) {
            for (int index = 0; index < length; index++) {
                buffer.put((byte) text.charAt(index));
            }
        } else {
            buffer.put(text.getBytes(StandardCharsets.UTF_8));
        }
        buffer.put((byte) 0);
    }

    /** The event log gets the refusal with a summary of the batch, not its records. */
    private void recordRefusal(Caller caller, Object wireBatch, PlanetLabException refused) {
        String summary = wireBatch instanceof Map<?, ?> wire
                ? "node_id=" + wire.get(FlowWire.NODE_ID) + " sequence=" + wire.get(FlowWire.SEQUENCE) + " records="
                        + (wire.get(FlowWire.RECORDS) instanceof List<?> list ? list.size() : "?")
                : "not a struct";
        try {
            mutations.run(caller, AuditApi.UPLOAD_FLOWS, List.of(summary), mutation -> {
                throw refused;
            });
        } catch (PlanetLabException expected) {
            // The path has written the refusal to the event log; the caller gets it from upload().
        }
    }
}
