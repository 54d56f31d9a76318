package org.planetlab.node.scs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A copy of the agent's class path that an unprivileged uid can read: the agent's jars may sit
 * in directories only root may enter (a build's local repository under /root). Jars and class
 * directories are copied, root-owned and world-readable, into one directory of the run
 * directory; unchanged jars are not copied again.
 */
final class ServiceClassPath {
    private ServiceClassPath() {}

    /** Copies the entries of {@code classPath} into {@code target}; returns the copied class path. */
    static String stage(String classPath, Path target) {
        try {
            Files.createDirectories(target);
            Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
            List<String> entries = new ArrayList<>();
            int index = 0;
            for (String entry : classPath.split(":")) {
                if (entry.isBlank()) {
                    continue;
                }
                Path source = Path.of(entry).toAbsolutePath();
                if (!Files.exists(source)) {
                    continue;
                }
                Path copy = target.resolve(String.format("%03d-%s", index++, source.getFileName()));
                if (Files.isDirectory(source)) {
                    copyTree(source, copy);
                } else if (!sameFile(source, copy)) {
                    Files.copy(source, copy, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
                    Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rw-r--r--"));
                }
                entries.add(copy.toString());
            }
            return String.join(":", entries);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy the class path for the slice creation service into " + target, e);
        }
    }

    private static boolean sameFile(Path source, Path copy) throws IOException {
        return Files.exists(copy) && Files.size(copy) == Files.size(source)
                && Files.getLastModifiedTime(copy).equals(Files.getLastModifiedTime(source));
    }

    private static void copyTree(Path source, Path target) throws IOException {
        deleteTree(target);
        try (Stream<Path> paths = Files.walk(source)) {
            for (Path path : paths.toList()) {
                Path destination = target.resolve(source.relativize(path).toString());
                if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
                    Files.createDirectories(destination);
                    Files.setPosixFilePermissions(destination, PosixFilePermissions.fromString("rwxr-xr-x"));
                } else if (Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
                    Files.copy(path, destination, StandardCopyOption.REPLACE_EXISTING);
                    Files.setPosixFilePermissions(destination, PosixFilePermissions.fromString("rw-r--r--"));
                }
            }
        }
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted((one, other) -> other.getNameCount() - one.getNameCount()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
