package org.planetlab.node.sliver;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import org.planetlab.node.config.NodeAgentConfig;

/**
 * Where one agent keeps each sliver's things on the host. Everything sits under the agent's own
 * run directory, disk and cgroup prefix, so agents sharing a machine never meet.
 */
public record SliverLayout(NodeAgentConfig config) {
    public SliverLayout {
        requireNonNull(config, "config is null");
    }

    public Path socket() {
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

    /** Empty directory the uid-shifted image is mounted on, inside the sliver's mount namespace only. */
    public Path lower(String name) {
        return sliverDirectory(name).resolve("lower");
    }

    /** Host side of the sliver's read-only {@code /.planetlab}: bootscript, keys, socket. */
    public Path planetlab(String name) {
        return sliverDirectory(name).resolve("planetlab");
    }

    /** The sliver's btrfs subvolume: {@code upper} and {@code work} of its overlay. */
    public Path disk(String name) {
        return diskMount().resolve("slivers").resolve(name);
    }
}
