package org.planetlab.node.audit;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The node's durable record of which conntrack mark belongs to which slice: one file rewritten
 * atomically (a new file, fsync'd, renamed over the old one) before the kernel is told of a new
 * mark, so a mark found on a connection always names its slice, also after an agent restart.
 *
 * <p>Marks are never reused: a slot that passes to another slice gets a new mark, so a connection
 * of the old slice still in the kernel keeps naming the old slice. Marks of detached slivers stay
 * known ({@link #retainedMarks}) so their last flows are still attributed.
 */
public final class SliverMarks {
    /** Every audit mark has these high bits; the low 24 count attachments. */
    public static final int MARK_BASE = 0x5a000000;
    public static final int MARK_MASK = 0xff000000;
    private static final int RETAINED_MARKS = 4096;

    private final Path file;
    private final Map<Integer, SliverMark> byMark = new LinkedHashMap<>();
    private int last;

    private SliverMarks(Path file) {
        this.file = file;
    }

    /** Reads the marks a previous run left in {@code file}, or starts empty. */
    public static SliverMarks open(Path file) {
        requireNonNull(file, "file is null");
        SliverMarks marks = new SliverMarks(file);
        if (Files.isRegularFile(file)) {
            try {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    if (line.startsWith("last ")) {
                        marks.last = Integer.parseInt(line.substring(5).strip());
                    } else if (!line.isBlank()) {
                        SliverMark mark = SliverMark.parse(line);
                        marks.byMark.put(mark.mark(), mark);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the audit marks " + file, e);
            }
        }
        return marks;
    }

    /**
     * The mark of {@code sliverName} on {@code device}: the current one if the sliver still holds
     * that device with that address, else a new one, written down before it is returned.
     */
    public synchronized SliverMark markFor(String sliverName, int sliceId, String device, String sliverAddress) {
        Optional<SliverMark> current = onDevice(device);
        if (current.isPresent() && current.get().sliverName().equals(sliverName) && current.get().sliceId() == sliceId
                && current.get().sliverAddress().equals(sliverAddress)) {
            return current.get();
        }
        if (last + 1 >= (1 << 24)) {
            last = 0;
        }
        last++;
        SliverMark mark = new SliverMark(MARK_BASE | last, sliverName, sliceId, device, sliverAddress);
        byMark.remove(mark.mark());
        byMark.put(mark.mark(), mark);
        while (byMark.size() > RETAINED_MARKS) {
            byMark.remove(byMark.keySet().iterator().next());
        }
        write();
        return mark;
    }

    public synchronized Optional<SliverMark> byMark(int mark) {
        return Optional.ofNullable(byMark.get(mark));
    }

    /** The newest mark given on {@code device}: who holds (or last held) it. */
    public synchronized Optional<SliverMark> onDevice(String device) {
        SliverMark found = null;
        for (SliverMark mark : byMark.values()) {
            if (mark.device().equals(device)) {
                found = mark;
            }
        }
        return Optional.ofNullable(found);
    }

    /** Every mark still known, oldest first. */
    public synchronized List<SliverMark> retainedMarks() {
        return List.copyOf(new ArrayList<>(byMark.values()));
    }

    private void write() {
        StringBuilder text = new StringBuilder("last ").append(last).append('\n');
        byMark.values().forEach(mark -> text.append(mark.line()).append('\n'));
        Path temporary = file.resolveSibling(file.getFileName() + ".new");
        try {
            Files.createDirectories(file.getParent());
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
                channel.write(StandardCharsets.UTF_8.encode(text.toString()));
                channel.force(true);
            }
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the audit marks " + file, e);
        }
    }
}
