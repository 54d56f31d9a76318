package org.planetlab.plc.node;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * What to change of a node. An empty Optional leaves a field as it is; for model and version the
 * inner Optional is the new value, empty to unset it.
 */
public record NodeUpdate(Optional<String> hostname, Optional<String> nodeType, Optional<String> bootState,
        Optional<Optional<String>> model, Optional<Optional<String>> version) {
    public NodeUpdate {
        requireNonNull(hostname, "hostname is null");
        requireNonNull(nodeType, "nodeType is null");
        requireNonNull(bootState, "bootState is null");
        requireNonNull(model, "model is null");
        requireNonNull(version, "version is null");
    }

    /** Sets the version of the node's software, as the node reports it. */
    public static NodeUpdate version(String version) {
        return new NodeUpdate(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of(Optional.of(version)));
    }

    /** Sets what the node does when it next contacts PLC. */
    public static NodeUpdate bootState(String bootState) {
        return new NodeUpdate(Optional.empty(), Optional.empty(), Optional.of(bootState), Optional.empty(),
                Optional.empty());
    }
}
