package org.planetlab.node.conf;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * Where configuration files may go: a destination must be an absolute path without {@code ..},
 * strictly inside one of the allowed directories, and no part of it below the root may be a
 * symbolic link (a link could lead the write anywhere). Missing directories are made, mode 0755.
 * The file itself is replaced by a rename, which replaces whatever is at its name and never
 * follows it.
 */
final class ConfinedDestinations {
    private final Path root;
    private final List<Path> directories;

    ConfinedDestinations(Path root, List<Path> directories) {
        this.root = requireNonNull(root, "root is null");
        this.directories = List.copyOf(directories);
    }

    /**
     * The file on this machine for a destination, its directories made.
     *
     * @throws IllegalArgumentException naming what is wrong; nothing is made then
     */
    Path resolve(String destination) throws IOException {
        if (destination.indexOf('\0') >= 0 || !destination.startsWith("/")) {
            throw new IllegalArgumentException("dest is not an absolute path");
        }
        Path path = Path.of(destination);
        if (!path.normalize().equals(path) || destination.contains("/./") || destination.contains("/../")
                || destination.endsWith("/.") || destination.endsWith("/..") || destination.endsWith("/")) {
            throw new IllegalArgumentException("dest holds '.', '..' or a trailing '/'");
        }
        if (directories.stream().noneMatch(directory -> path.startsWith(directory) && !path.equals(directory))) {
            throw new IllegalArgumentException("dest is outside the directories this node accepts (conf-files-dirs: "
                    + directories + ")");
        }
        Path relative = Path.of("/").relativize(path);
        Path current = root;
        for (int index = 0; index < relative.getNameCount(); index++) {
            current = current.resolve(relative.getName(index));
            boolean last = index == relative.getNameCount() - 1;
            if (Files.isSymbolicLink(current)) {
                throw new IllegalArgumentException((last ? "dest" : "directory " + Path.of("/").resolve(relative.subpath(0, index + 1)))
                        + " is a symbolic link; remove it on the node");
            }
            if (last) {
                if (Files.exists(current, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(current, LinkOption.NOFOLLOW_LINKS)) {
                    throw new IllegalArgumentException("dest exists and is not a regular file");
                }
            } else if (!Files.exists(current, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectory(current, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
            } else if (!Files.isDirectory(current, LinkOption.NOFOLLOW_LINKS)) {
                throw new IllegalArgumentException("directory " + Path.of("/").resolve(relative.subpath(0, index + 1))
                        + " exists and is not a directory");
            }
        }
        return current;
    }
}
