package org.planetlab.trust.key;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.util.EnumSet;
import java.util.Set;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;

/**
 * Stores secrets on disk the way ssh does: private files are created 0600 inside directories
 * created 0700, written to a temporary name and renamed into place so a crash never leaves half
 * a key, and refused on load when group or others may read or write them.
 *
 * <p>On file systems without POSIX permissions the mode checks are skipped; every file system a
 * PlanetLab server or node uses here is POSIX.
 */
public final class KeyFiles {
    /** Mode of private files: owner read and write. */
    public static final Set<PosixFilePermission> PRIVATE_FILE = PosixFilePermissions.fromString("rw-------");
    /** Mode of public files (certificates, public keys). */
    public static final Set<PosixFilePermission> PUBLIC_FILE = PosixFilePermissions.fromString("rw-r--r--");
    /** Mode of directories holding private files. */
    public static final Set<PosixFilePermission> PRIVATE_DIRECTORY = PosixFilePermissions.fromString("rwx------");

    private static final Set<PosixFilePermission> GROUP_OR_OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);
    private static final Set<PosixFilePermission> GROUP_OR_OTHERS_WRITE = EnumSet.of(
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_WRITE);
    private static final long MAX_FILE_BYTES = 1 << 20;

    private KeyFiles() {
    }

    /** Creates the directory (and missing parents) with mode 0700, or checks an existing one. */
    public static void createPrivateDirectory(Path directory) {
        requireNonNull(directory, "directory is null");
        try {
            if (!Files.isDirectory(directory)) {
                Files.createDirectories(directory, attributes(directory.getParent(), PRIVATE_DIRECTORY));
                setMode(directory, PRIVATE_DIRECTORY);
            }
        } catch (IOException e) {
            throw ioFailure("cannot create directory " + directory, e);
        }
        requirePrivateDirectory(directory);
    }

    /** Refuses a directory that group or others may write into (they could replace a key). */
    public static void requirePrivateDirectory(Path directory) {
        Set<PosixFilePermission> mode = mode(directory);
        if (mode != null && mode.stream().anyMatch(GROUP_OR_OTHERS_WRITE::contains)) {
            throw new PlanetLabException(ErrorCode.PERMISSION_DENIED, "directory %s is writable by group or others (mode %s); run: chmod 700 %s"
                    .formatted(directory, PosixFilePermissions.toString(mode), directory));
        }
    }

    public static void writePrivateKey(Path file, PrivateKey key) {
        writePrivate(file, Pem.write(key));
    }

    /** Reads a PEM private key, refusing it if group or others have any access to the file. */
    public static PrivateKey readPrivateKey(Path file) {
        return Pem.readPrivateKey(readPrivate(file));
    }

    /** Writes text readable only by the owner (mode 0600), atomically. */
    public static void writePrivate(Path file, String content) {
        write(file, content, PRIVATE_FILE);
    }

    /** Writes text readable by everyone (mode 0644), atomically. */
    public static void writePublic(Path file, String content) {
        write(file, content, PUBLIC_FILE);
    }

    /** Reads a secret file after checking that only its owner may read or write it. */
    public static String readPrivate(Path file) {
        requirePrivateFile(file);
        return read(file);
    }

    /** Reads a public file (certificate, public key), at most 1 MiB. */
    public static String read(Path file) {
        requireNonNull(file, "file is null");
        try {
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                throw PlanetLabException.invalidArgument("file " + file + " has " + size + " bytes; at most " + MAX_FILE_BYTES + " are accepted");
            }
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw ioFailure("cannot read " + file, e);
        }
    }

    /** Refuses a secret file that group or others may read, write or execute. */
    public static void requirePrivateFile(Path file) {
        requireNonNull(file, "file is null");
        if (!Files.isRegularFile(file)) {
            throw PlanetLabException.notFound("file " + file + " does not exist or is not a regular file");
        }
        Set<PosixFilePermission> mode = mode(file);
        if (mode != null && mode.stream().anyMatch(GROUP_OR_OTHERS::contains)) {
            throw new PlanetLabException(ErrorCode.PERMISSION_DENIED,
                    "private key file %s is accessible by group or others (mode %s); it must be 0600: run chmod 600 %s"
                            .formatted(file, PosixFilePermissions.toString(mode), file));
        }
    }

    private static void write(Path file, String content, Set<PosixFilePermission> permissions) {
        requireNonNull(file, "file is null");
        requireNonNull(content, "content is null");
        Path directory = file.toAbsolutePath().getParent();
        Path temporary = directory.resolve("." + file.getFileName() + ".tmp");
        try {
            Files.deleteIfExists(temporary);
            Files.createFile(temporary, attributes(directory, permissions));
            setMode(temporary, permissions);
            Files.writeString(temporary, content, StandardCharsets.UTF_8);
            try {
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (FileAlreadyExistsException e) {
            throw ioFailure("another writer is creating " + file, e);
        } catch (IOException e) {
            throw ioFailure("cannot write " + file, e);
        } finally {
            try {
                Files.deleteIfExists(temporary);
            } catch (IOException ignored) {
                // The rename already happened or the write failed; a stale temporary file is harmless.
            }
        }
    }

    private static FileAttribute<?>[] attributes(Path directory, Set<PosixFilePermission> permissions) {
        Path probe = directory == null ? Path.of(".") : directory;
        while (probe != null && !Files.exists(probe)) {
            probe = probe.getParent();
        }
        boolean posix = probe == null || Files.getFileAttributeView(probe, PosixFileAttributeView.class) != null;
        return posix ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(permissions)} : new FileAttribute<?>[0];
    }

    private static void setMode(Path path, Set<PosixFilePermission> permissions) throws IOException {
        // The umask may have removed bits from the creation mode; set the exact mode afterwards.
        if (Files.getFileAttributeView(path, PosixFileAttributeView.class) != null) {
            Files.setPosixFilePermissions(path, permissions);
        }
    }

    private static Set<PosixFilePermission> mode(Path path) {
        PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
        if (view == null) {
            return null;
        }
        try {
            return view.readAttributes().permissions();
        } catch (IOException e) {
            throw ioFailure("cannot read the mode of " + path, e);
        }
    }

    private static PlanetLabException ioFailure(String message, IOException e) {
        return new PlanetLabException(ErrorCode.INTERNAL_ERROR, message + ": " + e.getMessage(), e);
    }
}
