package org.planetlab.node.sliver;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import org.planetlab.node.config.NodeAgentConfig;

/**
 * Where one agent keeps each sliver's things on the host. Everything sits under the agent's own
 * run directory, disk and cgroup prefix, so agents sharing a machine never meet. Spares (slivers
 * prepared before their slice is known, see {@link SpareSlivers}) have their own places, renamed
 * to a sliver's when one takes them.
 */
public record SliverLayout(NodeAgentConfig config) {
    private static final String SPARE_PREFIX = ".spare-";

    public SliverLayout {
        requireNonNull(config, "config is null");
    }

    /**
     * The node manager's socket. It lives on the sliver disk, like the slivers' {@link #planetlab}
     * directories, because each sliver sees it through a bind mount and a sliver's mount table
     * shows the path of a bind's source within its filesystem: on the disk that is
     * {@code /node-manager.sock}, not a directory of the host.
     */
    public Path socket() {
        return diskMount().resolve("node-manager.sock");
    }

    /** Where clients on the host find the socket: a symbolic link to {@link #socket}. */
    public Path socketLink() {
        return config.runDirectory().resolve("node-manager.sock");
    }

    public Path runner() {
        return config.runDirectory().resolve("sliver-runner");
    }

    /** Mount point of the btrfs image holding the slivers' writable layers. */
    public Path diskMount() {
        return config.runDirectory().resolve("disk");
    }

    public Path diskImage() {
        return config.stateDirectory().resolve("sliver-disk.img");
    }

    public Path slivers() {
        return config.runDirectory().resolve("slivers");
    }

    public Path sliverDirectory(String name) {
        return slivers().resolve(name);
    }

    /** Empty directory the sliver's root is mounted on, inside its own mount namespace only. */
    public Path root(String name) {
        return sliverDirectory(name).resolve("root");
    }

    /**
     * Host side of the sliver's read-only {@code /.planetlab}: bootscript, keys, socket. On the
     * sliver disk, so the sliver's mount table names it {@code /planetlab/<name>} (see {@link #socket}).
     */
    public Path planetlab(String name) {
        return planetlabDirectories().resolve(name);
    }

    public Path planetlabDirectories() {
        return diskMount().resolve("planetlab");
    }

    /** The sliver's btrfs subvolume: {@code upper} and {@code work} of its overlay. */
    public Path disk(String name) {
        return diskMount().resolve("slivers").resolve(name);
    }

    /**
     * The name a spare's cgroups have until a sliver takes them: it starts with a dot, which no
     * slice name does, so spares and slivers never meet.
     */
    public static String spareCgroup(int spare) {
        return SPARE_PREFIX + spare;
    }

    /** True for the cgroup names of spares. */
    public static boolean isSpare(String name) {
        return name.startsWith(SPARE_PREFIX);
    }

    /** The number in a spare's cgroup name; empty for names of slivers. */
    public static java.util.OptionalInt spareNumber(String name) {
        String digits = name.startsWith(SPARE_PREFIX) ? name.substring(SPARE_PREFIX.length()) : "";
        return !digits.isEmpty() && digits.length() < 10 && digits.chars().allMatch(Character::isDigit)
                ? java.util.OptionalInt.of(Integer.parseInt(digits)) : java.util.OptionalInt.empty();
    }

    /** Directories of spares: each becomes a sliver's directory when a sliver takes it. */
    public Path spares() {
        return config.runDirectory().resolve("spares");
    }

    public Path spareDirectory(int spare) {
        return spares().resolve(Integer.toString(spare));
    }

    /** {@link #planetlab} directories of spares, each renamed to a sliver's when one takes the spare. */
    public Path sparePlanetlabDirectories() {
        return diskMount().resolve("spare-planetlab");
    }

    public Path sparePlanetlab(int spare) {
        return sparePlanetlabDirectories().resolve(Integer.toString(spare));
    }

    /** Subvolumes of spares, on the sliver disk beside the slivers' own. */
    public Path spareDisks() {
        return diskMount().resolve("spares");
    }

    public Path spareDisk(int spare) {
        return spareDisks().resolve(Integer.toString(spare));
    }
}
