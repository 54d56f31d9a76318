package org.planetlab.node.conf;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;

/**
 * Installs one configuration file as the original's node manager did: nothing happens when the
 * file on the node already has the content, mode, owner and group (unless {@code always_update});
 * otherwise the pre-install command runs (its failure runs the error command and, unless
 * {@code ignore_cmd_errors}, stops there), the file is replaced atomically (a temporary file in
 * the same directory, written, given its mode and owners, synced, renamed over the old one, the
 * directory synced) and the post-install command runs (its failure runs the error command).
 */
final class ConfFileInstaller {
    /** What became of one file. */
    enum Outcome { UNCHANGED, INSTALLED }

    private final ConfinedDestinations destinations;
    private final ConfFileCommands commands;

    ConfFileInstaller(ConfinedDestinations destinations, ConfFileCommands commands) {
        this.destinations = requireNonNull(destinations, "destinations is null");
        this.commands = requireNonNull(commands, "commands is null");
    }

    /**
     * Installs the content, which must match the SHA-256 PLC gave.
     *
     * @throws PlanetLabException naming what went wrong; the file is then as it was, unless a
     *     post-install command failed after it was written
     */
    Outcome install(ConfFileEntry entry, byte[] content, byte[] sha256) {
        if (!MessageDigest.isEqual(sha256(content), sha256)) {
            throw failure(entry, "the content from PLC does not match its SHA-256; not installed");
        }
        Path file;
        UserPrincipal owner;
        GroupPrincipal group;
        try {
            file = destinations.resolve(entry.destination());
            UserPrincipalLookupService lookup = file.getFileSystem().getUserPrincipalLookupService();
            owner = lookupOwner(lookup, entry);
            group = lookupGroup(lookup, entry);
        } catch (IllegalArgumentException e) {
            throw failure(entry, e.getMessage() + "; not installed");
        } catch (IOException e) {
            throw failure(entry, "cannot prepare its directory: " + e.getMessage());
        }
        Set<PosixFilePermission> permissions = permissions(entry.mode());
        if (!entry.alwaysUpdate() && matches(file, content, permissions, owner, group)) {
            return Outcome.UNCHANGED;
        }
        String preinstallFailure = commands.run(entry.preinstall());
        if (preinstallFailure != null) {
            String errorFailure = commands.run(entry.error());
            if (!entry.ignoreCommandErrors()) {
                throw failure(entry, "preinstall_cmd " + preinstallFailure + also(errorFailure) + "; not installed");
            }
        }
        try {
            write(file, content, permissions, owner, group);
        } catch (IOException e) {
            throw failure(entry, "cannot write it: " + e.getMessage() + "; the old file is left as it was");
        }
        String postinstallFailure = commands.run(entry.postinstall());
        if (postinstallFailure != null) {
            String errorFailure = commands.run(entry.error());
            throw failure(entry, "installed, but postinstall_cmd " + postinstallFailure + also(errorFailure));
        }
        return Outcome.INSTALLED;
    }

    private static PlanetLabException failure(ConfFileEntry entry, String reason) {
        return new PlanetLabException(ErrorCode.HOST_OPERATION_FAILED, entry.name() + ": " + reason);
    }

    private static String also(String errorFailure) {
        return errorFailure == null ? "" : "; error_cmd " + errorFailure;
    }

    private static UserPrincipal lookupOwner(UserPrincipalLookupService lookup, ConfFileEntry entry) throws IOException {
        try {
            return lookup.lookupPrincipalByName(entry.owner());
        } catch (UserPrincipalNotFoundException e) {
            throw new IllegalArgumentException("file_owner '" + entry.owner() + "' is no user of this node");
        }
    }

    private static GroupPrincipal lookupGroup(UserPrincipalLookupService lookup, ConfFileEntry entry) throws IOException {
        try {
            return lookup.lookupPrincipalByGroupName(entry.group());
        } catch (UserPrincipalNotFoundException e) {
            throw new IllegalArgumentException("file_group '" + entry.group() + "' is no group of this node");
        }
    }

    private static boolean matches(Path file, byte[] content, Set<PosixFilePermission> permissions, UserPrincipal owner,
            GroupPrincipal group) {
        try {
            PosixFileAttributes attributes = Files.readAttributes(file, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            return attributes.isRegularFile() && attributes.size() == content.length
                    && attributes.permissions().equals(permissions) && attributes.owner().equals(owner)
                    && attributes.group().equals(group) && Arrays.equals(Files.readAllBytes(file), content);
        } catch (IOException e) {
            return false; // absent or unreadable: write it
        }
    }

    private static void write(Path file, byte[] content, Set<PosixFilePermission> permissions, UserPrincipal owner,
            GroupPrincipal group) throws IOException {
        Path directory = file.getParent();
        Path temporary = Files.createTempFile(directory, "." + file.getFileName() + ".", ".new",
                PosixFilePermissions.asFileAttribute(EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE)));
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            PosixFileAttributeView view = Files.getFileAttributeView(temporary, PosixFileAttributeView.class,
                    LinkOption.NOFOLLOW_LINKS);
            view.setOwner(owner);
            view.setGroup(group);
            // After the owners: changing owners clears setuid-like bits, and the mode is set last.
            view.setPermissions(permissions);
            try {
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("the file system of " + directory + " cannot rename atomically", e);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] byBit = {PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE,
                PosixFilePermission.OTHERS_READ, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE,
                PosixFilePermission.GROUP_READ, PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE,
                PosixFilePermission.OWNER_READ};
        for (int bit = 0; bit < byBit.length; bit++) {
            if ((mode & (1 << bit)) != 0) {
                permissions.add(byBit[bit]);
            }
        }
        return permissions;
    }

    static byte[] sha256(byte[] content) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(content);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
