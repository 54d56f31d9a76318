package org.planetlab.plc.boot;

import static java.util.Objects.requireNonNull;

/** What a booting node learns about itself: who it is, where, and what its boot state tells it to do. */
public record BootDetails(long nodeId, String hostname, long siteId, String bootState) {
    public BootDetails {
        requireNonNull(hostname, "hostname is null");
        requireNonNull(bootState, "bootState is null");
    }
}
