package org.planetlab.node.sliver;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.planetlab.node.host.HostCommand;

/**
 * The slivers' writable layers live on one btrfs filesystem per agent, in a sparse image file
 * under the state directory, with quota groups on: each sliver is a subvolume whose qgroup limit
 * is its disk quota. (This kernel has no ext4 or xfs project quotas; btrfs qgroups are the
 * mechanism it offers, and a subvolume costs a few KiB.)
 */
public final class SliverDisk {
    private final SliverLayout layout;
    private final long imageBytes;
    private final HostCommand host;

    public SliverDisk(SliverLayout layout, long imageBytes, HostCommand host) {
        this.layout = requireNonNull(layout, "layout is null");
        this.imageBytes = imageBytes;
        this.host = requireNonNull(host, "host is null");
    }

    /** Creates the image if missing, mounts it if not mounted, turns quotas on. Idempotent. */
    public void prepare() {
        Path image = layout.diskImage();
        Path mount = layout.diskMount();
        try {
            Files.createDirectories(image.getParent());
            Files.createDirectories(mount);
            if (!Files.exists(image)) {
                Path temporary = image.resolveSibling(image.getFileName() + ".new");
                try (RandomAccessFile file = new RandomAccessFile(temporary.toFile(), "rw")) {
                    file.setLength(imageBytes);
                }
                host.run(List.of("mkfs.btrfs", "-q", "-f", temporary.toString()));
                Files.move(temporary, image);
            }
            if (!mounted(mount)) {
                host.run(List.of("mount", "-o", "loop,noatime", image.toString(), mount.toString()));
            }
            host.run(List.of("btrfs", "quota", "enable", mount.toString()));
            Files.createDirectories(mount.resolve("slivers"));
            Files.createDirectories(layout.planetlabDirectories());
            Files.createDirectories(layout.sparePlanetlabDirectories());
            linkSocket();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the sliver disk " + image, e);
        }
    }

    /**
     * Points {@code <run-dir>/node-manager.sock}, where clients on the host look for the node
     * manager, at the socket on this disk (replacing a socket an earlier agent bound there).
     */
    private void linkSocket() throws IOException {
        Path link = layout.socketLink();
        Path target = link.getParent().relativize(layout.socket());
        if (Files.isSymbolicLink(link) && Files.readSymbolicLink(link).equals(target)) {
            return;
        }
        Files.deleteIfExists(link);
        Files.createSymbolicLink(link, target);
    }

    /** Slivers with a subvolume on the disk. */
    public Set<String> slivers() {
        Set<String> names = new TreeSet<>();
        Path directory = layout.diskMount().resolve("slivers");
        if (Files.isDirectory(directory)) {
            try (var children = Files.list(directory)) {
                children.forEach(child -> names.add(child.getFileName().toString()));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list the slivers on the disk in " + directory, e);
            }
        }
        return names;
    }

    /** Bytes the sliver's subvolume references, as its quota group counts them. */
    public long usedBytes(String sliver) {
        Path subvolume = layout.disk(sliver);
        if (!Files.isDirectory(subvolume)) {
            return 0;
        }
        String output = host.run(List.of("btrfs", "qgroup", "show", "--raw", "-f", subvolume.toString()));
        for (String line : output.lines().toList()) {
            String[] fields = line.strip().split("\\s+");
            if (fields.length >= 3 && fields[0].startsWith("0/")) {
                return Long.parseLong(fields[1]);
            }
        }
        return 0;
    }

    /** Unmounts the disk; slivers must be stopped. */
    public void unmount() {
        if (mounted(layout.diskMount())) {
            host.run(List.of("umount", layout.diskMount().toString()));
        }
    }

    static boolean mounted(Path mountPoint) {
        try {
            String target = " " + mountPoint.toAbsolutePath() + " ";
            return Files.readAllLines(Path.of("/proc/self/mountinfo"), StandardCharsets.UTF_8).stream()
                    .anyMatch(line -> line.contains(target));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the mount table to see whether " + mountPoint + " is mounted", e);
        }
    }
}
