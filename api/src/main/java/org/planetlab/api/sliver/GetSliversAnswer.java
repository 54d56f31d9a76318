package org.planetlab.api.sliver;

import static java.util.Objects.requireNonNull;

/** GetSlivers' answer: the node's whole view, or word that the version the node has is current. */
public sealed interface GetSliversAnswer {
    /** The view's version: a hash of its content, so it changes exactly when the view does. */
    String version();

    /** The version the node passed is still current. */
    record Unchanged(String version) implements GetSliversAnswer {
        public Unchanged {
            requireNonNull(version, "version is null");
        }
    }

    /**
     * The whole view.
     *
     * @param timestamp when it was served, in seconds since the epoch
     */
    record Full(String version, long timestamp, NodeView view) implements GetSliversAnswer {
        public Full {
            requireNonNull(version, "version is null");
            requireNonNull(view, "view is null");
        }
    }
}
