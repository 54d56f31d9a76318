package org.planetlab.trust.node;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Locale;
import org.planetlab.trust.cert.Names;

/**
 * The node side of request authentication (Architecture §4.8.2): signs every boot server or API
 * call with the node key from {@code plnode.txt}. Thread-safe.
 *
 * <pre>{@code
 * byte[] body = ...;
 * URI uri = URI.create("https://plc.example.org/boot/state?x=1");
 * HttpRequest request = HttpRequest.newBuilder(uri)
 *         .header(NodeAuthorization.HEADER, signer.authorization("POST", NodeRequestSigner.target(uri), body))
 *         .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
 * }</pre>
 */
public final class NodeRequestSigner {
    private final long nodeId;
    private final NodeKey key;
    private final Clock clock;
    private final SecureRandom random;

    public NodeRequestSigner(long nodeId, NodeKey key, Clock clock, SecureRandom random) {
        this.nodeId = Names.nodeId(nodeId);
        this.key = requireNonNull(key, "key is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.random = requireNonNull(random, "random is null");
    }

    public static NodeRequestSigner of(PlnodeConfig config, Clock clock, SecureRandom random) {
        return new NodeRequestSigner(config.nodeId(), config.nodeKey(), clock, random);
    }

    /** The {@code Authorization} header value for one request. */
    public String authorization(String method, String target, byte[] body) {
        return sign(method, target, body).headerValue();
    }

    public NodeAuthorization sign(String method, String target, byte[] body) {
        requireNonNull(method, "method is null");
        requireNonNull(target, "target is null");
        requireNonNull(body, "body is null");
        Instant timestamp = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        byte[] nonceBytes = new byte[16];
        random.nextBytes(nonceBytes);
        String nonce = Base64.getUrlEncoder().withoutPadding().encodeToString(nonceBytes);
        byte[] mac = NodeAuthorization.mac(key, nodeId, timestamp, nonce, method.toUpperCase(Locale.ROOT), target, body);
        return new NodeAuthorization(nodeId, timestamp, nonce, Base64.getUrlEncoder().withoutPadding().encodeToString(mac));
    }

    /** The request target of a URI as it goes on the wire: raw path, and {@code ?} raw query if any. */
    public static String target(URI uri) {
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        return uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
    }
}
