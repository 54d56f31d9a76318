package org.planetlab.trust.node;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;

/**
 * The {@code Authorization} header of a node's request and the string its HMAC covers.
 *
 * <pre>
 * Authorization: PlanetLab-Node node_id="121", timestamp="1735689600", nonce="&lt;22-64 base64url&gt;", signature="&lt;43 base64url&gt;"
 * </pre>
 *
 * The signature is unpadded base64url of HMAC-SHA256 with the node key over these lines joined
 * by {@code \n}: {@code PlanetLab-Node-HMAC-SHA256}, the node id, the timestamp (Unix seconds),
 * the nonce, the upper-case method, the request target exactly as sent (raw path and query), and
 * the lowercase hex SHA-256 of the body (of zero bytes when there is none).
 *
 * @param nodeId the node claiming to send the request
 * @param timestamp when it was signed, in seconds
 * @param nonce a random value used once
 * @param signature the HMAC, base64url
 */
public record NodeAuthorization(long nodeId, Instant timestamp, String nonce, String signature) {
    /** The header carrying the authorization. */
    public static final String HEADER = "Authorization";
    /** The authentication scheme name. */
    public static final String SCHEME = "PlanetLab-Node";
    static final String ALGORITHM_LINE = "PlanetLab-Node-HMAC-SHA256";
    private static final Pattern NONCE = Pattern.compile("[A-Za-z0-9_-]{22,64}");
    private static final Pattern SIGNATURE = Pattern.compile("[A-Za-z0-9_-]{43}");
    private static final Pattern PARAMETER = Pattern.compile("\\s*([a-z_]{1,16})=\"([^\"]{0,128})\"\\s*");
    private static final Pattern NUMBER = Pattern.compile("[0-9]{1,18}");
    private static final Set<String> PARAMETER_NAMES = Set.of("node_id", "timestamp", "nonce", "signature");
    private static final int MAX_HEADER = 512;

    public NodeAuthorization {
        if (nodeId <= 0) {
            throw refused("node_id must be a positive integer");
        }
        requireNonNull(timestamp, "timestamp is null");
        requireNonNull(nonce, "nonce is null");
        requireNonNull(signature, "signature is null");
        if (!NONCE.matcher(nonce).matches()) {
            throw refused("nonce must be 22 to 64 base64url characters (at least 128 random bits)");
        }
        if (!SIGNATURE.matcher(signature).matches()) {
            throw refused("signature must be 43 base64url characters (HMAC-SHA256)");
        }
    }

    /** The header value. */
    public String headerValue() {
        return "%s node_id=\"%d\", timestamp=\"%d\", nonce=\"%s\", signature=\"%s\"".formatted(
                SCHEME, nodeId, timestamp.getEpochSecond(), nonce, signature);
    }

    /** Parses a header value; every problem is {@link ErrorCode#AUTHENTICATION_FAILED} naming it. */
    public static NodeAuthorization parse(String header) {
        if (header == null || header.isBlank()) {
            throw refused("missing Authorization header; nodes sign every request with scheme " + SCHEME);
        }
        if (header.length() > MAX_HEADER) {
            throw refused("Authorization header is longer than " + MAX_HEADER + " characters");
        }
        if (!header.startsWith(SCHEME + " ")) {
            throw refused("Authorization scheme must be " + SCHEME);
        }
        Map<String, String> parameters = new HashMap<>();
        for (String part : header.substring(SCHEME.length() + 1).split(",", -1)) {
            Matcher matcher = PARAMETER.matcher(part);
            if (!matcher.matches()) {
                throw refused("Authorization parameters must be name=\"value\" pairs separated by commas");
            }
            if (!PARAMETER_NAMES.contains(matcher.group(1))) {
                throw refused("unknown Authorization parameter " + matcher.group(1));
            }
            if (parameters.put(matcher.group(1), matcher.group(2)) != null) {
                throw refused("Authorization parameter " + matcher.group(1) + " appears twice");
            }
        }
        if (parameters.size() != 4) {
            throw refused("Authorization needs node_id, timestamp, nonce and signature");
        }
        return new NodeAuthorization(number(parameters.get("node_id"), "node_id"),
                Instant.ofEpochSecond(number(parameters.get("timestamp"), "timestamp")),
                parameters.get("nonce"), parameters.get("signature"));
    }

    /** The HMAC-SHA256 of the canonical request, raw bytes. */
    static byte[] mac(NodeKey key, long nodeId, Instant timestamp, String nonce, String method, String target, byte[] body) {
        String canonical = String.join("\n", ALGORITHM_LINE, Long.toString(nodeId), Long.toString(timestamp.getEpochSecond()),
                nonce, method, target, bodyDigest(body));
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.secret(), "HmacSHA256"));
            return mac.doFinal(canonical.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required by every Java platform", e);
        }
    }

    private static String bodyDigest(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    private static long number(String text, String name) {
        // Every request of every node passes here: the pattern is compiled once, not per call as String.matches does.
        if (!NUMBER.matcher(text).matches()) {
            throw refused(name + " must be a non-negative integer");
        }
        return Long.parseLong(text);
    }

    static PlanetLabException refused(String message) {
        return new PlanetLabException(ErrorCode.AUTHENTICATION_FAILED, "node authentication: " + message);
    }
}
