package org.planetlab.plc.release;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.trust.release.ReleaseFile;
import org.planetlab.trust.release.ReleaseFileCheck;

/**
 * The files of published releases under PLC's data directory: {@code releases/<number>/<name>}.
 * A release's directory appears by one rename of a complete, synced upload
 * ({@code releases/.incoming-*}), so a reader never sees half of one.
 */
final class ReleaseFiles {
    private final Path directory;

    ReleaseFiles(Path directory) {
        this.directory = requireNonNull(directory, "directory is null");
    }

    /** Writes the files of a release about to be published into a fresh incoming directory. */
    Path stage(Map<String, byte[]> contents) {
        try {
            Files.createDirectories(directory);
            Path incoming = Files.createDirectory(directory.resolve(".incoming-" + UUID.randomUUID()));
            for (Map.Entry<String, byte[]> file : contents.entrySet()) {
                Path target = incoming.resolve(file.getKey());
                try (FileChannel channel = FileChannel.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                    ByteBuffer buffer = ByteBuffer.wrap(file.getValue());
                    while (buffer.hasRemaining()) {
                        channel.write(buffer);
                    }
                    channel.force(true);
                }
            }
            return incoming;
        } catch (IOException e) {
            throw failure("cannot store the release's files under " + directory, e);
        }
    }

    /** Copies the files of a published release into a fresh incoming directory, checking each against its digest. */
    Path stageCopy(long number, List<ReleaseFile> entries) {
        Path incoming = null;
        try {
            Files.createDirectories(directory);
            incoming = Files.createDirectory(directory.resolve(".incoming-" + UUID.randomUUID()));
            for (ReleaseFile file : entries) {
                Path target = incoming.resolve(file.name());
                try (InputStream in = Files.newInputStream(release(number).resolve(file.name()));
                        OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                    ReleaseFileCheck.copy(in, file, out);
                }
                try (FileChannel channel = FileChannel.open(target, StandardOpenOption.WRITE)) {
                    channel.force(true);
                }
            }
            return incoming;
        } catch (IOException | RuntimeException e) {
            if (incoming != null) {
                discard(incoming);
            }
            if (e instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw failure("cannot copy release " + number + " under " + directory, (IOException) e);
        }
    }

    /** Makes an incoming directory release {@code number}'s, replacing what an unfinished publish left. */
    void commit(Path incoming, long number) {
        try {
            Path target = release(number);
            delete(target);
            Files.move(incoming, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw failure("cannot store release " + number + " under " + directory, e);
        }
    }

    /** Removes an incoming directory that will not be published. */
    void discard(Path incoming) {
        try {
            delete(incoming);
        } catch (IOException e) {
            throw failure("cannot remove " + incoming, e);
        }
    }

    /** Up to {@code max} bytes of a release's file from {@code offset}. */
    byte[] read(long number, String name, long offset, int max) {
        Path file = release(number).resolve(name);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            int length = (int) Math.max(0, Math.min(max, size - offset));
            ByteBuffer buffer = ByteBuffer.allocate(length);
            int read = 0;
            while (buffer.hasRemaining() && read >= 0) {
                read = channel.read(buffer, offset + buffer.position());
            }
            return buffer.array();
        } catch (IOException e) {
            throw failure("cannot read " + file + " (was the release directory changed by hand?)", e);
        }
    }

    private Path release(long number) {
        return directory.resolve(Long.toString(number));
    }

    private static void delete(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        Files.walkFileTree(path, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static PlanetLabException failure(String message, IOException e) {
        return new PlanetLabException(ErrorCode.INTERNAL_ERROR, message + ": " + e.getMessage(), e);
    }
}
