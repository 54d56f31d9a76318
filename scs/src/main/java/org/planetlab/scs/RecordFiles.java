package org.planetlab.scs;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * One directory of the service's records, one small file each, replaced whole: a record is
 * written to a temporary file that is flushed to disk and renamed over the old one, and the
 * directory is flushed, so after a crash a record is wholly old or wholly new and one the
 * service acted on survives a power cut. The directory is private to the service's uid: leases
 * name the principals they were granted to.
 */
final class RecordFiles {
    private static final String TEMPORARY_SUFFIX = ".tmp";
    private final Path directory;

    RecordFiles(Path directory) {
        this.directory = requireNonNull(directory, "directory is null");
        try {
            Files.createDirectories(directory);
            Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
            try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(directory, "*" + TEMPORARY_SUFFIX)) {
                for (Path leftover : leftovers) {
                    Files.deleteIfExists(leftover);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the records directory " + directory, e);
        }
    }

    void write(String name, byte[] content) {
        Path target = directory.resolve(name);
        Path temporary = directory.resolve(name + TEMPORARY_SUFFIX);
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + temporary, e);
        }
        try {
            Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot replace " + target, e);
        }
        flushDirectory();
    }

    void delete(String name) {
        try {
            if (Files.deleteIfExists(directory.resolve(name))) {
                flushDirectory();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + directory.resolve(name), e);
        }
    }

    /** Names of the complete records, sorted. */
    List<String> names() {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (!name.endsWith(TEMPORARY_SUFFIX)) {
                    names.add(name);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + directory, e);
        }
        names.sort(null);
        return List.copyOf(names);
    }

    byte[] read(String name) {
        try {
            return Files.readAllBytes(directory.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + directory.resolve(name), e);
        }
    }

    private void flushDirectory() {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot flush the records directory " + directory, e);
        }
    }
}
