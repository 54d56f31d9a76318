package org.planetlab.node.net.shaping;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bandwidth monitor's memory of each sliver's bytes in the current day, kept in a small file
 * so a restarted agent does not forgive what a sliver sent earlier that day. One line per
 * sliver, {@code name=day,usedBytes,lastCounter}; the file is replaced atomically.
 */
final class UsageLedger {
    private static final Logger LOG = LoggerFactory.getLogger(UsageLedger.class);

    private final Path file;

    /**
     * One sliver's day.
     *
     * @param day the day number the bytes belong to
     * @param usedBytes bytes sent in that day
     * @param lastCounter the class counter when last read, to count only what came after
     */
    record Entry(long day, long usedBytes, long lastCounter) {}

    UsageLedger(Path file) {
        this.file = requireNonNull(file, "file is null");
    }

    /** Reads the file; a missing file is an empty ledger, a damaged line is skipped. */
    Map<String, Entry> load() {
        Map<String, Entry> entries = new TreeMap<>();
        if (!Files.exists(file)) {
            return entries;
        }
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                parse(line, entries);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the bandwidth ledger " + file, e);
        }
        return entries;
    }

    void save(Map<String, Entry> entries) {
        List<String> lines = new ArrayList<>();
        new TreeMap<>(entries).forEach((name, entry) ->
                lines.add(name + "=" + entry.day() + "," + entry.usedBytes() + "," + entry.lastCounter()));
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path temporary = Files.createTempFile(parent, file.getFileName().toString(), ".tmp");
            Files.write(temporary, lines, StandardCharsets.UTF_8);
            try {
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the bandwidth ledger " + file, e);
        }
    }

    private void parse(String line, Map<String, Entry> entries) {
        if (line.isBlank()) {
            return;
        }
        int equals = line.indexOf('=');
        String[] fields = equals < 0 ? new String[0] : line.substring(equals + 1).split(",");
        try {
            if (fields.length != 3) {
                throw new NumberFormatException("expected three numbers");
            }
            entries.put(line.substring(0, equals), new Entry(Long.parseLong(fields[0]), Long.parseLong(fields[1]),
                    Long.parseLong(fields[2])));
        } catch (NumberFormatException e) {
            LOG.warn("skipping damaged line in the bandwidth ledger {}: '{}'", file, line);
        }
    }
}
