package org.planetlab.plc.auth;

import static java.util.Objects.requireNonNull;

import java.net.InetAddress;
import java.time.Clock;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.planetlab.trust.node.NodeKey;
import org.planetlab.trust.node.NodeRequestVerifier;
import org.planetlab.trust.node.NonceCache;
import org.planetlab.trust.node.SourceAddress;

/**
 * Authenticates nodes by the HMAC signature over their whole HTTP request, made with the node
 * key from their {@code plnode.txt}, fresh and never replayed; then checks the request came from
 * the node's registered address (Architecture §4.8.2), unless the node has none registered
 * (an address configured by DHCP).
 */
public final class SignedNodeRequests implements NodeRequestAuthenticator {
    private final Clock clock;
    private final NonceCache nonces;
    private final boolean checkSourceAddress;

    public SignedNodeRequests(Clock clock, boolean checkSourceAddress) {
        this.clock = requireNonNull(clock, "clock is null");
        this.nonces = new NonceCache(clock, NodeRequestVerifier.DEFAULT_MAX_NONCES);
        this.checkSourceAddress = checkSourceAddress;
    }

    @Override
    public long authenticate(Handle handle, RequestContext request) {
        NodeRequestVerifier verifier = new NodeRequestVerifier(nodeId -> key(handle, nodeId), clock,
                NodeRequestVerifier.DEFAULT_WINDOW, nonces);
        long nodeId = verifier.verify(request.httpMethod(), request.pathAndQuery(),
                request.header("Authorization").orElse(null), request.body()).nodeId();
        if (checkSourceAddress) {
            registeredAddress(handle, nodeId).ifPresent(registered ->
                    SourceAddress.require(nodeId, registered, request.remoteAddress()));
        }
        return nodeId;
    }

    private static Optional<NodeKey> key(Handle handle, long nodeId) {
        return handle.createQuery("SELECT node_key FROM nodes WHERE node_id = :id AND deleted = FALSE")
                .bind("id", nodeId).mapTo(String.class).findOne().map(NodeKey::parse);
    }

    private static Optional<InetAddress> registeredAddress(Handle handle, long nodeId) {
        return handle.createQuery("SELECT ip FROM interfaces WHERE node_id = :id AND is_primary = TRUE")
                .bind("id", nodeId).mapTo(String.class).findFirst().map(InetAddress::ofLiteral);
    }
}
