package org.planetlab.trust.node;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * A node whose request carried a valid HMAC with its key, within the time window, with a fresh
 * nonce.
 *
 * @param nodeId the authenticated node
 * @param signedAt the timestamp it signed
 */
public record AuthenticatedNode(long nodeId, Instant signedAt) {
    public AuthenticatedNode {
        requireNonNull(signedAt, "signedAt is null");
    }
}
