package org.planetlab.node.audit.upload;

import static java.util.Objects.requireNonNull;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.planetlab.api.audit.FlowBatch;
import org.planetlab.api.audit.FlowRecord;
import org.planetlab.api.audit.FlowWire;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.node.audit.FlowStore;
import org.planetlab.node.audit.UploadCounters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the store's records to PLC in numbered batches. A batch is written to disk (its records
 * and the store position after them, fsync'd) before it is first sent, and deleted only once PLC
 * acknowledged its number; so after a crash or an outage the same batch, with the same records, is
 * sent again until PLC has it, and the numbers run from 1 without gaps. PLC stores a batch once.
 */
public final class FlowUploader implements UploadCounters {
    private static final Logger LOG = LoggerFactory.getLogger(FlowUploader.class);

    private final FlowStore store;
    private final FlowSink sink;
    private final int nodeId;
    private final int batchSize;
    private final Path pending;
    private final Path acknowledged;
    private final Clock clock;
    private final AtomicLong recordsUploaded = new AtomicLong();
    private final AtomicLong batchesUploaded = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private volatile int pendingRecords;
    private volatile long caughtUp;

    /** What a pending batch holds: its records and where the next batch starts in the store. */
    private record Pending(FlowBatch batch, FlowStore.Cursor next) {}

    public FlowUploader(FlowStore store, FlowSink sink, int nodeId, Path directory, int batchSize) {
        this(store, sink, nodeId, directory, batchSize, Clock.systemUTC());
    }

    public FlowUploader(FlowStore store, FlowSink sink, int nodeId, Path directory, int batchSize, Clock clock) {
        this.clock = requireNonNull(clock, "clock is null");
        this.store = requireNonNull(store, "store is null");
        this.sink = requireNonNull(sink, "sink is null");
        this.nodeId = nodeId;
        if (batchSize <= 0 || batchSize > FlowBatch.MAX_RECORDS) {
            throw new IllegalArgumentException("batch size must be 1-" + FlowBatch.MAX_RECORDS);
        }
        this.batchSize = batchSize;
        this.pending = directory.resolve("upload-pending");
        this.acknowledged = directory.resolve("upload-acknowledged");
    }

    /** The last batch PLC acknowledged, 0 before the first. */
    public synchronized long lastAcknowledged() {
        return readAcknowledged()[0];
    }

    /**
     * Sends batches until the store holds nothing unsent, or PLC fails (then the pending batch
     * waits for the next call).
     *
     * @return batches PLC acknowledged in this call
     */
    public synchronized int uploadAll() {
        int sent = 0;
        while (true) {
            Pending batch = pendingBatch();
            if (batch == null) {
                pendingRecords = 0;
                caughtUp = clock.instant().getEpochSecond();
                return sent;
            }
            pendingRecords = batch.batch().records().size();
            Map<?, ?> answer;
            try {
                answer = sink.upload(FlowWire.toWire(batch.batch()));
            } catch (PlanetLabException e) {
                failures.incrementAndGet();
                LOG.info("flow batch {} not uploaded, kept for later: {}", batch.batch().sequence(), e.getMessage());
                return sent;
            }
            if (!(answer.get("sequence") instanceof Number sequence) || sequence.longValue() != batch.batch().sequence()) {
                failures.incrementAndGet();
                throw new PlanetLabException(ErrorCode.UNAVAILABLE, "PLC acknowledged batch " + answer.get("sequence")
                        + " when sent batch " + batch.batch().sequence());
            }
            writeAcknowledged(batch.batch().sequence(), batch.next());
            delete(pending);
            recordsUploaded.addAndGet(batch.batch().records().size());
            batchesUploaded.incrementAndGet();
            sent++;
        }
    }

    /** Records PLC acknowledged since this uploader started. */
    @Override
    public long recordsUploaded() {
        return recordsUploaded.get();
    }

    /** Batches PLC acknowledged since this uploader started. */
    @Override
    public long batchesUploaded() {
        return batchesUploaded.get();
    }

    /** Sends PLC refused or did not answer, or answered wrongly (the batch waits for the next call). */
    @Override
    public long failures() {
        return failures.get();
    }

    /** Records of the batch waiting for PLC's acknowledgement: the backlog's head, 0 when all is sent. */
    @Override
    public int pendingRecords() {
        return pendingRecords;
    }

    /** When the store last had nothing unsent (seconds since the epoch), 0 before that happened. */
    @Override
    public long caughtUpAt() {
        return caughtUp;
    }

    /** The batch to send: the one written before (resent as it was), or a new one from the store; null if none. */
    private Pending pendingBatch() {
        if (Files.isRegularFile(pending)) {
            return readPending();
        }
        long[] state = readAcknowledged();
        FlowStore.Chunk chunk = store.readFrom(new FlowStore.Cursor(state[1], state[2]), batchSize);
        List<FlowRecord> records = chunk.records().stream().filter(record -> record.nodeId() == nodeId).toList();
        if (chunk.records().isEmpty()) {
            return null;
        }
        if (records.isEmpty()) {
            writeAcknowledged(state[0], chunk.next());
            return pendingBatch();
        }
        Pending batch = new Pending(new FlowBatch(nodeId, state[0] + 1, records), chunk.next());
        writePending(batch);
        return batch;
    }

    private Pending readPending() {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(Files.readAllBytes(pending)))) {
            long sequence = in.readLong();
            FlowStore.Cursor next = new FlowStore.Cursor(in.readLong(), in.readLong());
            int count = in.readInt();
            List<FlowRecord> records = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                records.add(FlowWire.recordFromWire(readRecord(in)));
            }
            return new Pending(new FlowBatch(nodeId, sequence, records), next);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the pending flow batch " + pending, e);
        }
    }

    private void writePending(Pending batch) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeLong(batch.batch().sequence());
            out.writeLong(batch.next().hour());
            out.writeLong(batch.next().offset());
            out.writeInt(batch.batch().records().size());
            for (FlowRecord record : batch.batch().records()) {
                writeRecord(out, FlowWire.toWire(record));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        replace(pending, bytes.toByteArray());
    }

    /** A record's wire struct as name/value pairs (strings, longs, booleans): the batch resent is the batch sent. */
    private static void writeRecord(DataOutputStream out, Map<String, Object> wire) throws IOException {
        out.writeShort(wire.size());
        for (Map.Entry<String, Object> field : wire.entrySet()) {
            out.writeUTF(field.getKey());
            switch (field.getValue()) {
                case String text -> {
                    out.writeByte('s');
                    out.writeUTF(text);
                }
                case Boolean flag -> {
                    out.writeByte('b');
                    out.writeBoolean(flag);
                }
                case Integer number -> {
                    out.writeByte('i');
                    out.writeInt(number);
                }
                case Long number -> {
                    out.writeByte('l');
                    out.writeLong(number);
                }
                default -> throw new IllegalStateException("unexpected wire value " + field.getValue());
            }
        }
    }

    private static Map<String, Object> readRecord(DataInputStream in) throws IOException {
        int fields = in.readUnsignedShort();
        Map<String, Object> wire = new java.util.LinkedHashMap<>();
        for (int i = 0; i < fields; i++) {
            String name = in.readUTF();
            int type = in.readUnsignedByte();
            wire.put(name, switch (type) {
                case 's' -> in.readUTF();
                case 'b' -> in.readBoolean();
                case 'i' -> in.readInt();
                case 'l' -> in.readLong();
                default -> throw new IOException("unknown field type " + type);
            });
        }
        return wire;
    }

    /** {last acknowledged sequence, cursor hour, cursor offset}. */
    private long[] readAcknowledged() {
        if (!Files.isRegularFile(acknowledged)) {
            return new long[] {0, 0, 0};
        }
        try {
            String[] words = Files.readString(acknowledged).strip().split(" ");
            return new long[] {Long.parseLong(words[0]), Long.parseLong(words[1]), Long.parseLong(words[2])};
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot read " + acknowledged + ": " + e.getMessage(), e);
        }
    }

    private void writeAcknowledged(long sequence, FlowStore.Cursor next) {
        replace(acknowledged, (sequence + " " + next.hour() + " " + next.offset() + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static void replace(Path file, byte[] content) {
        Path temporary = file.resolveSibling(file.getFileName() + ".new");
        try {
            Files.createDirectories(file.getParent());
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE)) {
                channel.write(java.nio.ByteBuffer.wrap(content));
                channel.force(true);
            }
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + file, e);
        }
    }
}
