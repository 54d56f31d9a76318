package org.planetlab.node.audit;

import static java.util.Objects.requireNonNull;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.planetlab.api.audit.FlowRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's flow records on disk: one segment file per hour (by the time a record was written),
 * appended to and fsync'd with every batch, sealed at the end of its hour under a name that also
 * carries the earliest start of its records, so a query opens only the segments that can hold
 * flows of its time range, and indexed by remote address ({@link SegmentIndex}), so it reads in
 * them only the records of its address. Segments older than the retention, and the oldest ones while the
 * store is over its disk budget, are deleted; deleting data the retention still covers is logged
 * at WARN and counted ({@link #budgetDeletions}). A store opened again within the hour (the
 * agent restarted) appends to that hour's segment, so an hour never has two segments and a
 * position in the store ({@link Cursor}) names one place.
 *
 * <p>The directory is the agent's alone (mode 0700), outside every sliver's file system.
 */
public final class FlowStore implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FlowStore.class);
    private static final long HOUR = Duration.ofHours(1).toMillis();
    private static final Pattern OPEN = Pattern.compile("flows-(\\d+)\\.open");
    private static final Pattern SEALED = Pattern.compile("flows-(\\d+)-from-(\\d+)\\.seg");

    private final Path directory;
    private final Clock clock;
    private final Duration retention;
    private final long budgetBytes;
    private final AtomicLong budgetDeletions = new AtomicLong();
    private final AtomicLong budgetDeletedBytes = new AtomicLong();
    private FileChannel open;
    private long openHour = -1;
    private long openMinStart = Long.MAX_VALUE;

    /** A segment on disk: the hour its records were written in, the earliest start among them. */
    private record Segment(Path path, long hour, long minStart, boolean sealed) {}

    public FlowStore(Path directory, Clock clock, Duration retention, long budgetBytes) {
        this.directory = requireNonNull(directory, "directory is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.retention = requireNonNull(retention, "retention is null");
        if (budgetBytes <= 0) {
            throw new IllegalArgumentException("the disk budget must be positive");
        }
        this.budgetBytes = budgetBytes;
        try {
            Files.createDirectories(directory);
            Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the flow store " + directory, e);
        }
        synchronized (this) {
            long hour = hourOf(clock.millis());
            for (Segment segment : segments()) {
                if (segment.sealed()) {
                    continue;
                }
                // The current hour's segment is written on, not sealed: a second segment of the
                // same hour would make the uploader's position (hour, offset) name two places.
                if (segment.hour() == hour) {
                    openSegment(hour);
                } else {
                    seal(segment.path(), segment.hour(), minimumStart(segment.path()));
                }
            }
            enforceLimits();
        }
    }

    /** Appends {@code records} and forces them to disk before returning. */
    public synchronized void append(List<FlowRecord> records) {
        if (records.isEmpty()) {
            return;
        }
        long hour = hourOf(clock.millis());
        try {
            if (open != null && hour != openHour) {
                closeOpen();
                enforceLimits();
            }
            if (open == null) {
                openSegment(hour);
            }
            int size = 0;
            List<byte[]> encoded = new ArrayList<>(records.size());
            for (FlowRecord record : records) {
                byte[] bytes = FlowCodec.encode(record);
                encoded.add(bytes);
                size += bytes.length;
                openMinStart = Math.min(openMinStart, record.startMillis());
            }
            ByteBuffer buffer = ByteBuffer.allocate(size);
            encoded.forEach(buffer::put);
            buffer.flip();
            while (buffer.hasRemaining()) {
                open.write(buffer);
            }
            open.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to the flow store " + directory, e);
        }
    }

    /** The matching records, oldest segment first, at most {@code query.limit()}. */
    public List<FlowRecord> query(FlowQuery query) {
        List<Segment> candidates;
        synchronized (this) {
            candidates = segments().stream()
                    .filter(segment -> segment.hour() + HOUR > query.fromMillis() && segment.minStart() <= query.toMillis())
                    .toList();
        }
        List<FlowRecord> found = new ArrayList<>();
        byte[] remote = FlowCodec.utf(query.remoteAddress());
        for (Segment segment : candidates) {
            if (found.size() >= query.limit()) {
                break;
            }
            try {
                Optional<long[]> indexed = segment.sealed() ? SegmentIndex.offsets(SegmentIndex.of(segment.path()), remote)
                        : Optional.empty();
                if (indexed.isPresent()) {
                    readAt(segment.path(), indexed.get(), remote, query, found);
                } else {
                    scan(segment.path(), remote, query, found);
                }
            } catch (IOException e) {
                LOG.warn("flow segment {} unreadable: {}", segment.path(), e.getMessage());
            }
        }
        return found;
    }

    /** A position in the store: a segment's hour and a byte offset in it. */
    public record Cursor(long hour, long offset) {}

    /** Records read from a cursor and the cursor after the last of them. */
    public record Chunk(List<FlowRecord> records, Cursor next) {
        public Chunk {
            records = List.copyOf(records);
        }
    }

    /**
     * Up to {@code most} records in the order they were written, from {@code cursor} on. Segments
     * deleted before they were read are passed over (logged).
     */
    public synchronized Chunk readFrom(Cursor cursor, int most) {
        List<FlowRecord> read = new ArrayList<>();
        Cursor at = cursor;
        for (Segment segment : segments()) {
            if (segment.hour() < at.hour() || read.size() >= most) {
                continue;
            }
            if (segment.hour() > at.hour()) {
                if (at.offset() > 0 || at.hour() > 0) {
                    LOG.debug("flow segments between {} and {} hold nothing more", at.hour(), segment.hour());
                }
                at = new Cursor(segment.hour(), 0);
            }
            long offset = at.offset();
            try (InputStream file = Files.newInputStream(segment.path());
                    DataInputStream in = new DataInputStream(new BufferedInputStream(file, 1 << 16))) {
                in.skipNBytes(offset);
                while (read.size() < most) {
                    int length;
                    byte[] body;
                    try {
                        length = in.readUnsignedShort();
                        body = new byte[length];
                        in.readFully(body);
                    } catch (EOFException e) {
                        break;
                    }
                    read.add(FlowCodec.decode(new DataInputStream(new ByteArrayInputStream(body))));
                    offset += 2 + length;
                }
            } catch (EOFException e) {
                LOG.warn("flow segment {} is shorter than the cursor {}", segment.path(), at);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read flow segment " + segment.path(), e);
            }
            at = new Cursor(segment.hour(), offset);
        }
        return new Chunk(read, at);
    }

    /** How many segments the disk budget forced out before the retention would have. */
    public long budgetDeletions() {
        return budgetDeletions.get();
    }

    public long budgetDeletedBytes() {
        return budgetDeletedBytes.get();
    }

    /** Bytes the store takes now. */
    public synchronized long sizeBytes() {
        return segments().stream().mapToLong(FlowStore::size).sum();
    }

    @Override
    public synchronized void close() {
        try {
            if (open != null) {
                open.force(true);
                open.close();
                open = null;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close the flow store " + directory, e);
        }
    }

    /** Opens the hour's segment for appending, after the records it already holds. */
    private void openSegment(long hour) {
        Path path = directory.resolve("flows-" + hour + ".open");
        try {
            boolean exists = Files.exists(path);
            openMinStart = exists ? minimumStart(path) : Long.MAX_VALUE;
            long valid = exists ? read(path, record -> { }) : 0;
            open = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            // A record a crash cut short is dropped, so the next one starts where it should.
            open.truncate(valid);
            open.position(valid);
            openHour = hour;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open flow segment " + path, e);
        }
    }

    private static long hourOf(long millis) {
        return millis - Math.floorMod(millis, HOUR);
    }

    private void closeOpen() throws IOException {
        open.force(true);
        open.close();
        open = null;
        seal(directory.resolve("flows-" + openHour + ".open"), openHour, openMinStart);
    }

    private void seal(Path path, long hour, long minStart) {
        try {
            if (minStart == Long.MAX_VALUE) {
                Files.deleteIfExists(path);
                return;
            }
            Path sealed = directory.resolve("flows-" + hour + "-from-" + minStart + ".seg");
            try {
                SegmentIndex.write(path, SegmentIndex.of(sealed));
            } catch (IOException e) {
                LOG.warn("cannot index flow segment {}; queries will read it whole: {}", path, e.getMessage());
            }
            Files.move(path, sealed);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot seal flow segment " + path, e);
        }
    }

    /** Deletes what the retention no longer covers, then the oldest sealed segments while over budget. */
    private void enforceLimits() {
        long oldest = clock.millis() - retention.toMillis();
        List<Segment> sealed = new ArrayList<>(segments().stream().filter(Segment::sealed).toList());
        for (Segment segment : List.copyOf(sealed)) {
            if (segment.hour() + HOUR < oldest) {
                delete(segment);
                sealed.remove(segment);
            }
        }
        long total = segments().stream().mapToLong(FlowStore::size).sum();
        while (total > budgetBytes && !sealed.isEmpty()) {
            Segment victim = sealed.removeFirst();
            long bytes = size(victim);
            delete(victim);
            total -= bytes;
            budgetDeletions.incrementAndGet();
            budgetDeletedBytes.addAndGet(bytes);
            LOG.warn("flow store over its disk budget of {} bytes: deleted the flows of the hour starting {} ({} bytes)"
                    + " before their retention of {} ran out; raise the budget or shorten the retention",
                    budgetBytes, java.time.Instant.ofEpochMilli(victim.hour()), bytes, retention);
        }
    }

    private void delete(Segment segment) {
        try {
            // The index first: a crash in between leaves a segment that is scanned, not an orphan index.
            if (segment.sealed()) {
                Files.deleteIfExists(SegmentIndex.of(segment.path()));
            }
            Files.deleteIfExists(segment.path());
        } catch (IOException e) {
            LOG.warn("cannot delete flow segment {}: {}", segment.path(), e.getMessage());
        }
    }

    private List<Segment> segments() {
        try (Stream<Path> files = Files.list(directory)) {
            List<Segment> found = new ArrayList<>();
            files.forEach(path -> {
                String name = path.getFileName().toString();
                Matcher sealed = SEALED.matcher(name);
                Matcher open = OPEN.matcher(name);
                if (sealed.matches()) {
                    found.add(new Segment(path, Long.parseLong(sealed.group(1)), Long.parseLong(sealed.group(2)), true));
                } else if (open.matches()) {
                    found.add(new Segment(path, Long.parseLong(open.group(1)), Long.MIN_VALUE, false));
                }
            });
            found.sort(Comparator.comparingLong(Segment::hour));
            return found;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the flow store " + directory, e);
        }
    }

    private static long minimumStart(Path path) {
        long[] minimum = {Long.MAX_VALUE};
        try {
            read(path, record -> minimum[0] = Math.min(minimum[0], record.startMillis()));
        } catch (IOException e) {
            LOG.warn("flow segment {} unreadable: {}", path, e.getMessage());
        }
        return minimum[0];
    }

    /** A segment's bytes on disk, its index's included. */
    private static long size(Segment segment) {
        return size(segment.path()) + (segment.sealed() ? size(SegmentIndex.of(segment.path())) : 0);
    }

    private static long size(Path path) {
        if (!Files.exists(path)) {
            return 0;
        }
        try {
            return Files.size(path);
        } catch (IOException e) {
            return 0;
        }
    }

    /**
     * Adds the records of a segment that match {@code query} to {@code found}, up to its limit.
     * Only records whose address and time fit are decoded: the rest are passed over in their
     * bytes, which keeps a query of a busy node's hours from building every record of them.
     */
    private static void scan(Path path, byte[] remote, FlowQuery query, List<FlowRecord> found) throws IOException {
        byte[] body = new byte[65_536];
        try (InputStream file = Files.newInputStream(path);
                DataInputStream in = new DataInputStream(new BufferedInputStream(file, 1 << 16))) {
            while (found.size() < query.limit()) {
                int length;
                try {
                    length = in.readUnsignedShort();
                    in.readFully(body, 0, length);
                } catch (EOFException e) {
                    return;
                }
                if (FlowCodec.mayMatch(body, length, remote, query.fromMillis(), query.toMillis())) {
                    FlowRecord record = FlowCodec.decode(new DataInputStream(new ByteArrayInputStream(body, 0, length)));
                    if (query.matches(record)) {
                        found.add(record);
                    }
                }
            }
        }
    }

    /**
     * Adds the records at {@code offsets} (from the segment's index) that match {@code query} to
     * {@code found}, up to its limit; the rest of the segment is not read.
     */
    private static void readAt(Path path, long[] offsets, byte[] remote, FlowQuery query, List<FlowRecord> found)
            throws IOException {
        ByteBuffer head = ByteBuffer.allocate(2);
        byte[] body = new byte[65_536];
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            for (long offset : offsets) {
                if (found.size() >= query.limit()) {
                    return;
                }
                head.clear();
                readFully(channel, head, offset);
                int length = head.getShort(0) & 0xffff;
                readFully(channel, ByteBuffer.wrap(body, 0, length), offset + 2);
                if (FlowCodec.mayMatch(body, length, remote, query.fromMillis(), query.toMillis())) {
                    FlowRecord record = FlowCodec.decode(new DataInputStream(new ByteArrayInputStream(body, 0, length)));
                    if (query.matches(record)) {
                        found.add(record);
                    }
                }
            }
        }
    }

    private static void readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            int read = channel.read(buffer, at);
            if (read < 0) {
                throw new EOFException("flow segment ends before the record its index names at " + position);
            }
            at += read;
        }
    }

    /** Reads every complete record; a record cut short at the end (a crash mid-write) ends the file. */
    private static long read(Path path, java.util.function.Consumer<FlowRecord> consumer) throws IOException {
        long complete = 0;
        try (InputStream file = Files.newInputStream(path);
                DataInputStream in = new DataInputStream(new BufferedInputStream(file, 1 << 16))) {
            while (true) {
                int length;
                try {
                    length = in.readUnsignedShort();
                } catch (EOFException e) {
                    return complete;
                }
                byte[] body = new byte[length];
                try {
                    in.readFully(body);
                } catch (EOFException e) {
                    return complete;
                }
                consumer.accept(FlowCodec.decode(new DataInputStream(new ByteArrayInputStream(body))));
                complete += 2 + length;
            }
        }
    }
}
