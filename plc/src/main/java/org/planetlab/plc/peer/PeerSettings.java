package org.planetlab.plc.peer;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.api.peer.PeerApi;
import org.planetlab.plc.config.ConfigSection;

/**
 * The {@code peer.*} keys of PLC's configuration.
 *
 * @param name this PLC's name among peers (GetPeerName), which its peers register with AddPeer
 * @param maxDataBytes the largest GetPeerData answer RefreshPeer reads; a bigger one is refused
 * @param timeout how long RefreshPeer waits for a peer's answer
 */
public record PeerSettings(String name, long maxDataBytes, Duration timeout) {
    private static final Set<String> KEYS = Set.of("name", "max-data-bytes", "timeout-seconds");
    /** 1,000 nodes and 10,000 persons with their keys take a few megabytes; leave room for ten times that. */
    public static final long DEFAULT_MAX_DATA_BYTES = 64L * 1024 * 1024;

    public PeerSettings {
        requireNonNull(name, "name is null");
        PeerApi.PEER_NAME.check(name, "peer.name");
        if (maxDataBytes < 1024) {
            throw PlanetLabException.invalidArgument("peer.max-data-bytes must be at least 1024");
        }
        requireNonNull(timeout, "timeout is null");
    }

    /**
     * Reads the section's keys; refuses keys it does not know.
     *
     * @param defaultName the name used when {@code peer.name} is not set (the slice authority's)
     */
    public static PeerSettings from(Map<String, String> keys, String defaultName) {
        ConfigSection section = ConfigSection.of("peer", keys, KEYS);
        return new PeerSettings(section.text("name").orElse(defaultName),
                section.number("max-data-bytes", DEFAULT_MAX_DATA_BYTES, 1024, Integer.MAX_VALUE - 8),
                Duration.ofSeconds(section.number("timeout-seconds", 60, 1, 3600)));
    }
}
