package org.planetlab.node.pod;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import org.planetlab.api.error.PlanetLabException;

/**
 * The sequence of the last ping of death this node obeyed, kept on disk so that a datagram
 * captured before a reboot cannot reboot the node again after it. Written (and forced to the
 * disk) before the node acts, so a reboot that follows at once cannot lose it.
 */
final class LastSequence {
    private final Path file;
    private long value;

    private LastSequence(Path file, long value) {
        this.file = file;
        this.value = value;
    }

    /** Reads the file if there is one; a node that never obeyed a ping of death starts at 0. */
    static LastSequence open(Path file) {
        requireNonNull(file, "file is null");
        try {
            Files.createDirectories(file.getParent());
            if (!Files.exists(file)) {
                return new LastSequence(file, 0);
            }
            String text = Files.readString(file, StandardCharsets.US_ASCII).strip();
            if (!text.matches("[0-9]{1,19}")) {
                throw PlanetLabException.invalidArgument("ping-of-death sequence file " + file
                        + " does not hold a number; remove it only if no ping of death may be replayed");
            }
            return new LastSequence(file, Long.parseLong(text));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the ping-of-death sequence file " + file, e);
        }
    }

    synchronized long value() {
        return value;
    }

    /** Records {@code sequence} as obeyed; true unless it is not above the last one. */
    synchronized boolean advanceTo(long sequence) {
        if (sequence <= value) {
            return false;
        }
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            channel.write(ByteBuffer.wrap((sequence + "\n").getBytes(StandardCharsets.US_ASCII)));
            channel.force(true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the ping-of-death sequence file " + temporary, e);
        }
        try {
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            try (FileChannel directory = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
                directory.force(true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot replace the ping-of-death sequence file " + file, e);
        }
        value = sequence;
        return true;
    }
}
