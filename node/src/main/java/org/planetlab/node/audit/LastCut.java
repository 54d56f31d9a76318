package org.planetlab.node.audit;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * When the capture last cut (read and zeroed) the kernel's counters, kept in a file so that an
 * agent started again begins its first records where the previous one's last cut ended.
 */
final class LastCut {
    private final Path file;

    LastCut(Path file) {
        this.file = requireNonNull(file, "file is null");
    }

    /** The last cut's time in milliseconds since the epoch; 0 when none is known. */
    long read() {
        try {
            return Files.isRegularFile(file) ? Long.parseLong(Files.readString(file).strip()) : 0;
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
    }

    /** Replaces the time (a new file renamed over the old one). */
    void write(long millis) {
        Path temporary = file.resolveSibling(file.getFileName() + ".new");
        try {
            Files.writeString(temporary, Long.toString(millis));
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
