package org.planetlab.plc.auth;

import static java.util.Objects.requireNonNull;

import java.net.InetAddress;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the transport knows about a request, beyond its arguments: where it came from and the
 * raw bytes, which node request signatures cover; and the password checks made for it so far,
 * which the calls of a multicall share.
 */
public record RequestContext(InetAddress remoteAddress, String httpMethod, String pathAndQuery,
        Map<String, String> headers, byte[] body, PasswordChecks passwordChecks) {

    public RequestContext {
        requireNonNull(remoteAddress, "remoteAddress is null");
        requireNonNull(httpMethod, "httpMethod is null");
        requireNonNull(pathAndQuery, "pathAndQuery is null");
        TreeMap<String, String> lowerCase = new TreeMap<>();
        headers.forEach((name, value) -> lowerCase.put(name.toLowerCase(Locale.ROOT), value));
        headers = java.util.Collections.unmodifiableMap(lowerCase);
        requireNonNull(body, "body is null");
        requireNonNull(passwordChecks, "passwordChecks is null");
    }

    /** A request with no password checked yet. */
    public RequestContext(InetAddress remoteAddress, String httpMethod, String pathAndQuery, Map<String, String> headers,
            byte[] body) {
        this(remoteAddress, httpMethod, pathAndQuery, headers, body, new PasswordChecks());
    }

    /** A context for calls made inside the server (tests, multicall members share the outer one). */
    public static RequestContext local() {
        return new RequestContext(InetAddress.getLoopbackAddress(), "POST", "/", Map.of(), new byte[0]);
    }

    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
    }
}
