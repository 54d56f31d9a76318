package org.planetlab.portal.node;

import static java.util.Objects.requireNonNull;

/** A node in the browser: its name, site, boot state and when it last fetched its slivers. */
public record NodeRow(long nodeId, String hostname, long siteId, String site, String bootState, String lastContact) {
    public NodeRow {
        requireNonNull(hostname, "hostname is null");
        requireNonNull(site, "site is null");
        requireNonNull(bootState, "bootState is null");
        requireNonNull(lastContact, "lastContact is null");
    }
}
