package org.planetlab.plc.node;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/** A node to register. Unless given, it is a regular node that reinstalls when it next boots. */
public record NewNode(String hostname, Optional<String> nodeType, Optional<String> bootState, Optional<String> model,
        Optional<String> version) {
    public NewNode {
        requireNonNull(hostname, "hostname is null");
        requireNonNull(nodeType, "nodeType is null");
        requireNonNull(bootState, "bootState is null");
        requireNonNull(model, "model is null");
        requireNonNull(version, "version is null");
    }

    public static NewNode named(String hostname) {
        return new NewNode(hostname, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }
}
