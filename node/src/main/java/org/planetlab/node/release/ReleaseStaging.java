package org.planetlab.node.release;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.StringReader;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Properties;
import java.util.stream.Stream;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.trust.key.KeyFiles;
import org.planetlab.trust.release.TrustedReleaseState;

/**
 * The node's release directory (mode 0700):
 *
 * <pre>
 * trusted.properties   the highest delegation, release and timestamp accepted (never goes down)
 * release-N/           the verified files of release N and the metadata they were checked against
 * .incoming-N/         a download in progress; removed at the next start, never used
 * </pre>
 *
 * A release directory appears only by one rename of a complete, verified, synced download, so a
 * crash leaves either the whole release or nothing of it.
 */
public final class ReleaseStaging {
    private static final String STATE = "trusted.properties";
    private final Path directory;

    public ReleaseStaging(Path directory) {
        this.directory = requireNonNull(directory, "directory is null");
    }

    public Path directory() {
        return directory;
    }

    /** Creates the directory and removes what an interrupted download left. */
    public void prepare() {
        KeyFiles.createPrivateDirectory(directory);
        try (Stream<Path> entries = Files.list(directory)) {
            for (Path entry : entries.filter(path -> path.getFileName().toString().startsWith(".incoming-")).toList()) {
                delete(entry);
            }
        } catch (IOException e) {
            throw failure("cannot list " + directory, e);
        }
    }

    public TrustedReleaseState trusted() {
        Path file = directory.resolve(STATE);
        if (!Files.isRegularFile(file)) {
            return TrustedReleaseState.NONE;
        }
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(KeyFiles.read(file)));
            return new TrustedReleaseState(Long.parseLong(properties.getProperty("delegation-sequence", "0")),
                    Long.parseLong(properties.getProperty("release-number", "0")),
                    Long.parseLong(properties.getProperty("timestamp-sequence", "0")));
        } catch (IOException | NumberFormatException e) {
            throw new PlanetLabException(ErrorCode.INTERNAL_ERROR, "the trusted release state " + file
                    + " cannot be read (" + e.getMessage() + "); a node must not forget what it accepted: restore it or reinstall the node", e);
        }
    }

    void saveTrusted(TrustedReleaseState state) {
        KeyFiles.writePublic(directory.resolve(STATE), "delegation-sequence=" + state.delegationSequence() + "\n"
                + "release-number=" + state.releaseNumber() + "\n" + "timestamp-sequence=" + state.timestampSequence() + "\n");
    }

    public Path releaseDirectory(long number) {
        return directory.resolve("release-" + number);
    }

    Path incoming(long number) throws IOException {
        Path incoming = directory.resolve(".incoming-" + number);
        delete(incoming);
        return Files.createDirectory(incoming);
    }

    /** Writes a file of a download and forces it to disk. */
    static void writeSynced(Path file, String content) throws IOException {
        Files.writeString(file, content, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        sync(file);
    }

    static void sync(Path path) throws IOException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    /** Makes a complete download the release directory, in one rename. */
    void commit(Path incoming, long number) throws IOException {
        sync(incoming);
        Path target = releaseDirectory(number);
        delete(target);
        Files.move(incoming, target, StandardCopyOption.ATOMIC_MOVE);
        sync(directory);
    }

    static void delete(Path path) throws IOException {
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

    static PlanetLabException failure(String message, IOException e) {
        return new PlanetLabException(ErrorCode.HOST_OPERATION_FAILED, message + ": " + e.getMessage(), e);
    }
}
