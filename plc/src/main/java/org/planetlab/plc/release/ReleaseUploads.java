package org.planetlab.plc.release;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.trust.release.ReleaseFile;

/**
 * Release files uploaded in chunks, for releases larger than one request may be (reference
 * images): each upload is a directory {@code releases/.uploads/<id>/} of files that grow only at
 * their end, on the server that started it. Publishing moves the directory into place as the
 * release's files; uploads not published within a day are removed when the next one starts.
 */
final class ReleaseUploads {
    /** The largest chunk accepted, before base64. */
    static final int MAX_CHUNK_BYTES = 8 << 20;
    /** The largest file an upload may grow to. */
    static final long MAX_FILE_BYTES = 8L << 30;
    private static final Duration ABANDONED_AFTER = Duration.ofDays(1);
    private static final int MAX_FILES = 64;

    private final Path directory;
    private final SecureRandom random;

    ReleaseUploads(Path releases, SecureRandom random) {
        this.directory = requireNonNull(releases, "releases is null").resolve(".uploads");
        this.random = requireNonNull(random, "random is null");
    }

    /** A new, empty upload; returns its id. */
    String start(long now) {
        try {
            Files.createDirectories(directory);
            removeAbandoned(now);
            byte[] bytes = new byte[16];
            random.nextBytes(bytes);
            String id = HexFormat.of().formatHex(bytes);
            Files.createDirectory(directory.resolve(id));
            return id;
        } catch (IOException e) {
            throw failure("cannot start an upload under " + directory, e);
        }
    }

    /** Appends a chunk at {@code offset}, which must be the file's length so far; returns the new length. */
    long append(String id, String name, long offset, byte[] chunk) {
        ReleaseFile.requireName(name);
        if (chunk.length > MAX_CHUNK_BYTES) {
            throw PlanetLabException.invalidArgument("a chunk holds at most " + MAX_CHUNK_BYTES + " bytes, not " + chunk.length);
        }
        Path upload = upload(id);
        Path file = upload.resolve(name);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            long length = channel.size();
            if (length == 0 && offset == 0 && countFiles(upload) > MAX_FILES) {
                Files.delete(file);
                throw PlanetLabException.invalidArgument("an upload holds at most " + MAX_FILES + " files");
            }
            if (offset != length) {
                throw PlanetLabException.invalidArgument("upload " + id + " holds " + length + " bytes of " + name + ", so the next"
                        + " chunk starts at offset " + length + ", not " + offset);
            }
            if (length + chunk.length > MAX_FILE_BYTES) {
                throw PlanetLabException.invalidArgument(name + " would exceed " + MAX_FILE_BYTES + " bytes");
            }
            ByteBuffer buffer = ByteBuffer.wrap(chunk);
            while (buffer.hasRemaining()) {
                channel.write(buffer, length + buffer.position());
            }
            return length + chunk.length;
        } catch (IOException e) {
            throw failure("cannot write " + file, e);
        }
    }

    /** The upload's files with their lengths and digests, synced, in name order. */
    List<ReleaseFile> files(String id) {
        Path upload = upload(id);
        List<ReleaseFile> files = new ArrayList<>();
        try (Stream<Path> entries = Files.list(upload)) {
            for (Path file : entries.sorted().toList()) {
                try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                    channel.force(true);
                }
                files.add(new ReleaseFile(file.getFileName().toString(), Files.size(file), sha256(file)));
            }
        } catch (IOException e) {
            throw failure("cannot read upload " + id, e);
        }
        if (files.isEmpty()) {
            throw PlanetLabException.invalidArgument("upload " + id + " holds no file; send its files with UploadReleaseChunk first");
        }
        return files;
    }

    /** The upload's directory, for publishing it as a release's files. */
    Path upload(String id) {
        if (id == null || !id.matches("[0-9a-f]{32}")) {
            throw PlanetLabException.invalidArgument("an upload id is 32 lowercase hex digits, as StartReleaseUpload returns");
        }
        Path upload = directory.resolve(id);
        if (!Files.isDirectory(upload)) {
            throw PlanetLabException.notFound("upload " + id + " does not exist on this server (published, abandoned for a day,"
                    + " or started on another server); start a new one");
        }
        return upload;
    }

    private void removeAbandoned(long now) throws IOException {
        Map<Path, Long> uploads = new LinkedHashMap<>();
        try (Stream<Path> entries = Files.list(directory)) {
            for (Path upload : entries.toList()) {
                uploads.put(upload, Files.getLastModifiedTime(upload).toMillis() / 1000);
            }
        }
        for (Map.Entry<Path, Long> upload : uploads.entrySet()) {
            if (upload.getValue() < now - ABANDONED_AFTER.toSeconds()) {
                try (Stream<Path> files = Files.list(upload.getKey())) {
                    for (Path file : files.toList()) {
                        Files.delete(file);
                    }
                }
                Files.delete(upload.getKey());
            }
        }
    }

    private static long countFiles(Path upload) throws IOException {
        try (Stream<Path> entries = Files.list(upload)) {
            return entries.count();
        }
    }

    private static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                digest.update(buffer, 0, read);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static PlanetLabException failure(String message, IOException e) {
        return new PlanetLabException(ErrorCode.INTERNAL_ERROR, message + ": " + e.getMessage(), e);
    }
}
