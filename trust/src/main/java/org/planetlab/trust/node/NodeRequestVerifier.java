package org.planetlab.trust.node;

import static java.util.Objects.requireNonNull;

import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.planetlab.api.error.ErrorCode;

/**
 * The server side of node request authentication: checks the {@code Authorization} header of a
 * boot server or API call against the node key the registry holds. In order: the header parses;
 * the timestamp is within the window of the server clock; the node is registered; the HMAC over
 * method, target, timestamp, nonce and body digest matches (constant-time); the nonce was not
 * used before. Every refusal is {@link ErrorCode#AUTHENTICATION_FAILED} with the reason, except a
 * full replay cache ({@link ErrorCode#UNAVAILABLE}). Thread-safe.
 *
 * <p>The source address check of Architecture §4.8.2 is separate: {@link SourceAddress}.
 */
public final class NodeRequestVerifier {
    /** The default tolerated clock difference, either way. */
    public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(300);
    /** Default bound of the replay cache: 100,000 requests in 10 minutes is ~170 per second. */
    public static final int DEFAULT_MAX_NONCES = 100_000;
    /**
     * The replay cache's share for each node calling: a node's heartbeat every 5 s, usage report
     * every 30 s and long polls make about 80 requests in a 300 s window; the share leaves room for
     * nonces that live up to twice the window (a node clock ahead) and for bursts.
     */
    public static final int DEFAULT_NONCES_PER_NODE = 400;

    private final NodeKeyLookup keys;
    private final Clock clock;
    private final Duration window;
    private final NonceCache nonces;

    public NodeRequestVerifier(NodeKeyLookup keys, Clock clock, Duration window, NonceCache nonces) {
        this.keys = requireNonNull(keys, "keys is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.window = requireNonNull(window, "window is null");
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("window must be positive");
        }
        this.nonces = requireNonNull(nonces, "nonces is null");
    }

    /** A verifier with the default window and replay cache. */
    public static NodeRequestVerifier create(NodeKeyLookup keys, Clock clock) {
        return new NodeRequestVerifier(keys, clock, DEFAULT_WINDOW, new NonceCache(clock, DEFAULT_MAX_NONCES));
    }

    /**
     * Verifies one request.
     *
     * @param method the HTTP method as received
     * @param target the request target as received: raw path and query (Jetty: {@code request.getHttpURI().getPathQuery()})
     * @param authorization the {@code Authorization} header value, or null if absent
     * @param body the request body as received (empty array if none)
     */
    public AuthenticatedNode verify(String method, String target, String authorization, byte[] body) {
        requireNonNull(method, "method is null");
        requireNonNull(target, "target is null");
        requireNonNull(body, "body is null");
        NodeAuthorization claimed = NodeAuthorization.parse(authorization);
        Instant now = clock.instant();
        Duration skew = Duration.between(now, claimed.timestamp());
        if (skew.abs().compareTo(window) > 0) {
            throw NodeAuthorization.refused("request timestamp is %d s in the %s; at most %d s of clock difference is allowed (check the node's clock)"
                    .formatted(skew.abs().toSeconds(), skew.isNegative() ? "past" : "future", window.toSeconds()));
        }
        NodeKey key = keys.find(claimed.nodeId()).orElseThrow(() -> NodeAuthorization.refused(
                "node " + claimed.nodeId() + " is not registered"));
        byte[] expected = NodeAuthorization.mac(key, claimed.nodeId(), claimed.timestamp(), claimed.nonce(), method, target, body);
        byte[] presented = Base64.getUrlDecoder().decode(claimed.signature());
        if (!MessageDigest.isEqual(expected, presented)) {
            throw NodeAuthorization.refused("signature of node " + claimed.nodeId()
                    + " does not match: wrong node key, or the method, target, timestamp, nonce or body was changed");
        }
        if (!nonces.record(claimed.nodeId(), claimed.nonce(), claimed.timestamp().plus(window))) {
            throw NodeAuthorization.refused("nonce of node " + claimed.nodeId() + " was already used: the request is a replay");
        }
        return new AuthenticatedNode(claimed.nodeId(), claimed.timestamp());
    }
}
