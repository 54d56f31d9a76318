package org.planetlab.node.state;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * One directory of small files, each replaced atomically and durably: the new content goes to a
 * temporary file that is flushed to disk, renamed over the old one, and the directory itself is
 * flushed, so after a crash a file is wholly old or wholly new and a completed write survives a
 * power cut. Files are private to root: they hold capabilities.
 */
public final class AtomicFiles {
    private static final String TEMPORARY_SUFFIX = ".tmp";
    private final Path directory;

    public AtomicFiles(Path directory) {
        this.directory = requireNonNull(directory, "directory is null");
        try {
            Files.createDirectories(directory);
            Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
            try (var leftovers = Files.newDirectoryStream(directory, "*" + TEMPORARY_SUFFIX)) {
                for (Path leftover : leftovers) {
                    Files.deleteIfExists(leftover);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare state directory " + directory, e);
        }
    }

    public Path directory() {
        return directory;
    }

    public void write(String name, byte[] content) {
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
        syncDirectory();
    }

    public void delete(String name) {
        try {
            if (Files.deleteIfExists(directory.resolve(name))) {
                syncDirectory();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + directory.resolve(name), e);
        }
    }

    public void deleteWithoutFlush(String name) {
        try {
            Files.deleteIfExists(directory.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + directory.resolve(name), e);
        }
    }

    /** Names of the complete files in the directory. */
    public java.util.List<String> names() {
        try (var stream = Files.list(directory)) {
            return stream.map(path -> path.getFileName().toString())
                    .filter(name -> !name.endsWith(TEMPORARY_SUFFIX))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + directory, e);
        }
    }

    public byte[] read(String name) {
        try {
            return Files.readAllBytes(directory.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + directory.resolve(name), e);
        }
    }

    private void syncDirectory() {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot flush directory " + directory, e);
        }
    }
}
