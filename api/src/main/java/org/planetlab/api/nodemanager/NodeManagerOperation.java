package org.planetlab.api.nodemanager;

import static java.util.Objects.requireNonNull;

/**
 * One operation of the node manager's protocol: its name on the wire, who may call it, what it
 * does, and its typed request and reply with their wire forms. The catalog is
 * {@link NodeManagerOperations}; the server dispatches through it and every client calls through it.
 *
 * @param <Q> the request
 * @param <R> the reply
 */
public record NodeManagerOperation<Q, R>(String name, CallerRights rights, String description, WireCodec<Q> request,
        WireCodec<R> reply) {
    public NodeManagerOperation {
        requireNonNull(name, "name is null");
        requireNonNull(rights, "rights is null");
        requireNonNull(description, "description is null");
        requireNonNull(request, "request is null");
        requireNonNull(reply, "reply is null");
    }
}
