package org.planetlab.cli.config;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Properties;
import org.planetlab.api.error.IoCauses;

/**
 * A session key stored by {@code pl session login} for later commands, with the PLC it belongs
 * to and the person it was opened for. The file is created readable by its owner only, and
 * replaced atomically so that a crash leaves the old session or the new one, never half a file.
 *
 * @param url the PLC that issued the key
 * @param user the person it was opened for
 * @param key the session key
 */
public record StoredSession(URI url, String user, String key) {
    public StoredSession {
        requireNonNull(url, "url is null");
        requireNonNull(user, "user is null");
        requireNonNull(key, "key is null");
    }

    @Override
    public String toString() {
        return "StoredSession[" + user + "@" + url + "]";
    }

    /** Reads the stored session; empty if there is none or the file is not one. */
    public static Optional<StoredSession> read(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
        String url = properties.getProperty("url");
        String user = properties.getProperty("user");
        String key = properties.getProperty("key");
        if (url == null || user == null || key == null || key.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new StoredSession(URI.create(url), user, key));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Writes this session to {@code file} (mode 0600, in a directory created with mode 0700). */
    public void write(Path file) {
        Properties properties = new Properties();
        properties.setProperty("url", url.toString());
        properties.setProperty("user", user);
        properties.setProperty("key", key);
        StringWriter text = new StringWriter();
        try {
            properties.store(text, "PlanetLab session opened by pl session login; remove with pl session logout");
            Path directory = file.toAbsolutePath().getParent();
            if (!Files.isDirectory(directory)) {
                Files.createDirectories(directory,
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            Path temporary = Files.createTempFile(directory, ".session", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try {
                Files.writeString(temporary, text.toString(), StandardCharsets.UTF_8);
                move(temporary, file);
            } finally {
                Files.deleteIfExists(temporary);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store the session in " + file + ": " + IoCauses.describe(e), e);
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Removes the stored session; returns whether there was one. */
    public static boolean delete(Path file) {
        try {
            return Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the session file " + file + ": " + IoCauses.describe(e), e);
        }
    }
}
