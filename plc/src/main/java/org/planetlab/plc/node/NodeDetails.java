package org.planetlab.plc.node;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * A live node as its readers (a portal, an aggregate manager) see it: never its key. Times are in
 * seconds since the epoch; {@code lastContact} is when it last asked for its slivers, if ever.
 */
public record NodeDetails(long nodeId, long siteId, String hostname, String nodeType, String bootState,
        Optional<String> model, Optional<String> version, OptionalLong lastContact, long dateCreated) {
    public NodeDetails {
        requireNonNull(hostname, "hostname is null");
        requireNonNull(nodeType, "nodeType is null");
        requireNonNull(bootState, "bootState is null");
        requireNonNull(model, "model is null");
        requireNonNull(version, "version is null");
        requireNonNull(lastContact, "lastContact is null");
    }
}
