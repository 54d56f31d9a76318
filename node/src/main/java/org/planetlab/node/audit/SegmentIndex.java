package org.planetlab.node.audit;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A sealed segment's index by remote address, written beside it when its hour is sealed, so that
 * a question about one address reads only that address's records of each hour instead of the
 * whole hour: a busy node's seven days are 168 segments of tens of thousands of records each.
 *
 * <p>The file holds, for each hash (64-bit FNV-1a of the address as {@link FlowCodec#utf} writes
 * it) of the addresses in the segment, the byte offsets of their records, hashes sorted so that a
 * lookup is a binary search in the mapped file. Two addresses with the same hash share an entry;
 * the reader compares each record's own address, so a collision costs a read, never a wrong
 * answer. A segment without a readable index is scanned whole, as before indexes existed.
 *
 * <pre>
 * int magic, int version, int entries, int offsets
 * entries x (long hash, int first offset's position, int count), by hash
 * offsets x long offset of a record in the segment
 * </pre>
 */
final class SegmentIndex {
    private static final int MAGIC = 0x504c4649;
    private static final int VERSION = 1;
    private static final int HEADER = 16;
    private static final int ENTRY = 16;

    private SegmentIndex() {}

    /** Where the index of the sealed segment {@code segment} is kept. */
    static Path of(Path segment) {
        String name = segment.getFileName().toString();
        return segment.resolveSibling(name.substring(0, name.length() - ".seg".length()) + ".idx");
    }

    /**
     * Indexes the records of {@code segment} (its complete ones, as the store reads them) into
     * {@code index}, forced to disk and renamed into place so a crash leaves no half index. A
     * record whose address cannot be found in its bytes (another version) leaves the segment
     * without an index, to be scanned whole.
     */
    static void write(Path segment, Path index) throws IOException {
        Map<Long, long[]> offsets = new HashMap<>();
        int total = 0;
        byte[] body = new byte[65_536];
        long offset = 0;
        try (InputStream file = Files.newInputStream(segment);
                DataInputStream in = new DataInputStream(new BufferedInputStream(file, 1 << 16))) {
            while (true) {
                int length;
                try {
                    length = in.readUnsignedShort();
                    in.readFully(body, 0, length);
                } catch (EOFException e) {
                    break;
                }
                int remote = FlowCodec.remoteAddressAt(body, length);
                if (remote < 0) {
                    Files.deleteIfExists(index);
                    return;
                }
                int end = remote + 2 + (((body[remote] & 0xff) << 8) | (body[remote + 1] & 0xff));
                offsets.merge(hash(body, remote, end), new long[] {1, offset}, SegmentIndex::append);
                total++;
                offset += 2 + length;
            }
        }
        Long[] hashes = offsets.keySet().toArray(Long[]::new);
        Arrays.sort(hashes);
        Path written = index.resolveSibling(index.getFileName() + ".new");
        try (OutputStream file = Files.newOutputStream(written);
                DataOutputStream out = new DataOutputStream(new BufferedOutputStream(file, 1 << 16))) {
            out.writeInt(MAGIC);
            out.writeInt(VERSION);
            out.writeInt(hashes.length);
            out.writeInt(total);
            int first = 0;
            for (Long hash : hashes) {
                int count = (int) offsets.get(hash)[0];
                out.writeLong(hash);
                out.writeInt(first);
                out.writeInt(count);
                first += count;
            }
            for (Long hash : hashes) {
                long[] list = offsets.get(hash);
                for (int at = 1; at <= list[0]; at++) {
                    out.writeLong(list[at]);
                }
            }
        }
        try (FileChannel channel = FileChannel.open(written, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        Files.move(written, index, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * The offsets, in the order they were written, of the records in the segment whose remote
     * address may be {@code remote} (as {@link FlowCodec#utf} encodes it); empty when the index is
     * missing or not one this code wrote (the caller then scans the segment).
     */
    static Optional<long[]> offsets(Path index, byte[] remote) {
        if (!Files.isRegularFile(index)) {
            return Optional.empty();
        }
        try (FileChannel channel = FileChannel.open(index, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size < HEADER || size > Integer.MAX_VALUE) {
                return Optional.empty();
            }
            MappedByteBuffer map = channel.map(FileChannel.MapMode.READ_ONLY, 0, size);
            int entries = map.getInt(8);
            int total = map.getInt(12);
            if (map.getInt(0) != MAGIC || map.getInt(4) != VERSION || entries < 0 || total < 0
                    || size != HEADER + (long) entries * ENTRY + (long) total * Long.BYTES) {
                return Optional.empty();
            }
            long wanted = hash(remote, 0, remote.length);
            int low = 0;
            int high = entries - 1;
            while (low <= high) {
                int middle = (low + high) >>> 1;
                long hash = map.getLong(HEADER + middle * ENTRY);
                if (hash < wanted) {
                    low = middle + 1;
                } else if (hash > wanted) {
                    high = middle - 1;
                } else {
                    int first = map.getInt(HEADER + middle * ENTRY + 8);
                    int count = map.getInt(HEADER + middle * ENTRY + 12);
                    if (first < 0 || count < 0 || (long) first + count > total) {
                        return Optional.empty();
                    }
                    long base = HEADER + (long) entries * ENTRY + (long) first * Long.BYTES;
                    long[] found = new long[count];
                    for (int at = 0; at < count; at++) {
                        found[at] = map.getLong((int) (base + (long) at * Long.BYTES));
                    }
                    return Optional.of(found);
                }
            }
            return Optional.of(new long[0]);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Adds {@code one} (a list of one offset) to {@code list}: {count, offsets...}, grown by doubling. */
    private static long[] append(long[] list, long[] one) {
        long[] grown = list;
        int count = (int) list[0];
        if (count + 1 >= list.length) {
            grown = Arrays.copyOf(list, Math.max(4, list.length * 2));
        }
        grown[count + 1] = one[1];
        grown[0] = count + 1;
        return grown;
    }

    private static long hash(byte[] bytes, int from, int to) {
        long hash = 0xcbf29ce484222325L;
        for (int at = from; at < to; at++) {
            hash ^= bytes[at] & 0xff;
            hash *= 0x100000001b3L;
        }
        return hash;
    }
}
