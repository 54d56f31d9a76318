package org.planetlab.plc.http;

import static java.util.Objects.requireNonNull;

import org.eclipse.jetty.server.Handler;

/**
 * A handler that PLC's HTTP server gives the requests under a path prefix, beside the API's own
 * paths (which always win). The prefix {@code /} takes every path nothing else claims.
 *
 * @param prefix starts and ends with {@code /}, e.g. {@code /} or {@code /geni/}
 * @param handler answers every request it is given (returns {@code true})
 */
public record WebMount(String prefix, Handler handler) {
    public WebMount {
        requireNonNull(prefix, "prefix is null");
        requireNonNull(handler, "handler is null");
        if (!prefix.startsWith("/") || !prefix.endsWith("/")) {
            throw new IllegalArgumentException("a mount's prefix starts and ends with '/': " + prefix);
        }
    }

    /** Whether this mount takes {@code path}: under the prefix, or the prefix without its slash. */
    boolean takes(String path) {
        return path.startsWith(prefix) || path.equals(prefix.substring(0, prefix.length() - 1));
    }
}
