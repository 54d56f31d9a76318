package org.planetlab.plc.audit;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.planetlab.api.audit.FlowBatch;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded archive's staging journal: batches are appended here, fsync'd, and acknowledged;
 * a loader moves them into DuckDB later in large appends. A directory of numbered segments
 * ({@code segment-<n>}); the loader closes the segment being written, loads what it held and
 * deletes it once the load committed. An entry is {@code [length][CRC-32C][batch]}: after a crash
 * the entry a write cut short fails its length or checksum and is dropped, with everything after
 * it (it was never acknowledged, since an acknowledgement waits for the fsync).
 *
 * <p>Not thread-safe: the archive calls it under its writer's lock.
 */
final class FlowJournal implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FlowJournal.class);
    private static final String PREFIX = "segment-";
    /** Larger than any batch could encode to (10,000 records of a few hundred bytes at most). */
    private static final int MAX_ENTRY = 64 << 20;
    /** An entry's length and CRC-32C, before its bytes. */
    private static final int HEADER = 8;

    /** A batch as the journal keeps it: what the ledger needs besides the records. */
    record Entry(FlowBatch batch, String digest, long receivedMillis) {
        Entry {
            requireNonNull(batch, "batch is null");
            requireNonNull(digest, "digest is null");
        }
    }

    private final Path directory;
    private long segment;
    private FileChannel channel;

    private FlowJournal(Path directory, long segment) throws IOException {
        this.directory = directory;
        this.segment = segment;
        this.channel = openSegment(segment);
    }

    /**
     * Opens the journal in {@code directory} (created if missing), handing every whole entry its
     * segments hold to {@code recovered}, oldest first, and starts a new segment for appends.
     */
    static FlowJournal open(Path directory, List<Entry> recovered) {
        requireNonNull(directory, "directory is null");
        try {
            Files.createDirectories(directory);
            long highest = 0;
            for (long number : segments(directory)) {
                recovered.addAll(read(directory.resolve(PREFIX + number)));
                highest = number;
            }
            return new FlowJournal(directory, highest + 1);
        } catch (IOException e) {
            throw new PlanetLabException(ErrorCode.UNAVAILABLE, "cannot open the flow archive's journal " + directory
                    + ": " + e.getMessage(), e);
        }
    }

    /** Appends entries {@link #encode}d before and forces them to disk; only then may they be acknowledged. */
    void append(List<ByteBuffer> entries) {
        try {
            ByteBuffer[] encoded = new ByteBuffer[entries.size()];
            long remaining = 0;
            for (int index = 0; index < encoded.length; index++) {
                encoded[index] = entries.get(index).duplicate();
                remaining += encoded[index].remaining();
            }
            while (remaining > 0) {
                remaining -= channel.write(encoded);
            }
            channel.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Closes the segment being written and starts the next; returns the closed segment's number. */
    long rotate() {
        try {
            channel.close();
            long closed = segment;
            segment++;
            channel = openSegment(segment);
            return closed;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes the closed segments up to and including {@code last}: their entries are in DuckDB. */
    void deleteThrough(long last) {
        try {
            for (long number : segments(directory)) {
                if (number <= last && number != segment) {
                    Files.deleteIfExists(directory.resolve(PREFIX + number));
                }
            }
        } catch (IOException e) {
            // Left behind, a loaded segment costs disk only: its batches are skipped at the next start.
            LOG.warn("flow archive: could not delete loaded journal segments of {}", directory, e);
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            LOG.warn("flow archive: closing the journal failed", e);
        }
    }

    private FileChannel openSegment(long number) throws IOException {
        return FileChannel.open(directory.resolve(PREFIX + number), StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE);
    }

    private static List<Long> segments(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(file -> file.getFileName().toString()).filter(name -> name.matches(PREFIX + "[0-9]{1,18}"))
                    .map(name -> Long.parseLong(name.substring(PREFIX.length()))).sorted().toList();
        }
    }

    /**
     * The batch's entry as the journal writes it, encoded once into the buffer appended: done by
     * each uploader, outside the writer's lock.
     */
    static ByteBuffer encode(DuckDbTables.Staged staged) {
        ByteBuffer buffer = FlowJournalCodec.encode(staged, HEADER);
        int length = buffer.position() - HEADER;
        if (length > MAX_ENTRY) {
            throw new IllegalArgumentException("a journal entry of " + length + " bytes");
        }
        CRC32C checksum = new CRC32C();
        checksum.update(buffer.array(), buffer.arrayOffset() + HEADER, length);
        buffer.putInt(0, length).putInt(4, (int) checksum.getValue());
        return buffer.flip();
    }

    /** The whole entries of a segment; a torn or corrupt entry ends it. */
    private static List<Entry> read(Path file) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(Files.readAllBytes(file));
        List<Entry> entries = new ArrayList<>();
        while (buffer.remaining() >= 8) {
            int length = buffer.getInt();
            int expected = buffer.getInt();
            if (length <= 0 || length > MAX_ENTRY || length > buffer.remaining()) {
                buffer.position(buffer.position() - 8);
                break;
            }
            byte[] payload = new byte[length];
            buffer.get(payload);
            CRC32C checksum = new CRC32C();
            checksum.update(payload);
            if ((int) checksum.getValue() != expected) {
                buffer.position(buffer.position() - 8 - length);
                break;
            }
            entries.add(FlowJournalCodec.decode(payload));
        }
        if (buffer.hasRemaining()) {
            LOG.warn("flow archive: dropped the last {} bytes of journal segment {}, a write a crash cut short"
                    + " (never acknowledged; its node resends it)", buffer.remaining(), file);
        }
        return entries;
    }
}
