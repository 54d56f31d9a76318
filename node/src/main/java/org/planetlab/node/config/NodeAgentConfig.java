package org.planetlab.node.config;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Pattern;
import org.planetlab.api.error.PlanetLabException;

/**
 * The node agent's configuration, read from dashed keys by {@link NodeAgentConfigLoader}.
 *
 * <p>Every kernel object the agent makes carries {@code prefix} (cgroup directories, the sliver
 * disk, run and state directories), so several agents can share one machine as long as each has
 * its own prefix, directories and {@code uid-base}.
 *
 * @param prefix names this agent's kernel objects; 1-16 of a-z, 0-9, '-'
 * @param stateDirectory durable state: the rcap/RSpec/VM table and the sliver disk image
 * @param runDirectory volatile state: the node manager socket, mount points, the native runner
 * @param imageDirectory the shared read-only reference image slivers' roots are built over
 * @param cgroupRoot where the cgroup hierarchies are mounted
 * @param uidBase first host uid given to slivers; sliver {@code i} owns
 *     {@code [uidBase + i * 65536, uidBase + (i + 1) * 65536)}
 * @param maxSlivers most slivers (and so uid ranges) this agent hands out
 * @param diskImageGigabytes size of the sparse btrfs image holding slivers' writable layers
 * @param ownerScript the site's owner script (properties), applied at start; may not exist
 * @param ownerKeys authorized_keys for the owner VM {@code site_admin}; may not exist
 * @param network dashed keys of the sliver network ({@code org.planetlab.node.net.layout.SliverNetworkConfigReader})
 * @param services the boot manager, slice creation service, SSH gateway and byte budget
 */
public record NodeAgentConfig(
        String prefix,
        Path stateDirectory,
        Path runDirectory,
        Path imageDirectory,
        Path cgroupRoot,
        long uidBase,
        int maxSlivers,
        int diskImageGigabytes,
        Path ownerScript,
        Path ownerKeys,
        Map<String, String> network,
        ServicesConfig services) {
    public static final long UIDS_PER_SLIVER = 65_536;
    private static final Pattern PREFIX = Pattern.compile("[a-z][a-z0-9-]{0,15}");

    public NodeAgentConfig {
        requireNonNull(prefix, "prefix is null");
        requireNonNull(stateDirectory, "stateDirectory is null");
        requireNonNull(runDirectory, "runDirectory is null");
        requireNonNull(imageDirectory, "imageDirectory is null");
        requireNonNull(cgroupRoot, "cgroupRoot is null");
        requireNonNull(ownerScript, "ownerScript is null");
        requireNonNull(ownerKeys, "ownerKeys is null");
        network = Map.copyOf(requireNonNull(network, "network is null"));
        requireNonNull(services, "services is null");
        check(PREFIX.matcher(prefix).matches(), "prefix", "'" + prefix + "' must be 1-16 of a-z, 0-9, '-', starting with a letter");
        check(uidBase >= UIDS_PER_SLIVER, "uid-base", "must be at least 65536 so slivers never share the host's own uids, was " + uidBase);
        check(maxSlivers >= 1 && maxSlivers <= 60_000, "max-slivers", "must be 1 to 60000, was " + maxSlivers);
        check(uidBase + (maxSlivers + 1L) * UIDS_PER_SLIVER < 0xFFFF_FFFFL, "uid-base",
                "uid-base + (max-slivers + 1) x 65536 must stay below 2^32-1");
        check(diskImageGigabytes >= 1, "disk-image-gigabytes", "must be at least 1, was " + diskImageGigabytes);
        check(stateDirectory.isAbsolute(), "state-dir", "must be an absolute path, was " + stateDirectory);
        check(runDirectory.isAbsolute(), "run-dir", "must be an absolute path, was " + runDirectory);
    }

    /** The first host uid of the sliver with this index. */
    public long uidBaseOf(int sliverIndex) {
        return uidBase + sliverIndex * UIDS_PER_SLIVER;
    }

    /** The address the node's own services listen on: the configured one, else the node's address. */
    public java.util.Optional<String> serviceAddress() {
        if (!services.serviceAddress().isEmpty()) {
            return java.util.Optional.of(services.serviceAddress());
        }
        return java.util.Optional.ofNullable(network.get("node-address")).filter(address -> !address.isBlank());
    }

    private static void check(boolean condition, String key, String problem) {
        if (!condition) {
            throw PlanetLabException.invalidArgument("node agent config " + key + ": " + problem);
        }
    }
}
