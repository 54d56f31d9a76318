package org.planetlab.api.wire;

/**
 * Bounds on what a decoder accepts, so that a hostile request costs the server little.
 *
 * @param maxBytes largest request or response body, in bytes
 * @param maxDepth deepest nesting of arrays and structs
 * @param maxItems most values (of any kind) in one document
 */
public record WireLimits(int maxBytes, int maxDepth, int maxItems) {
    /** Generous for any real call (a GetSlivers answer for 1,000 slivers is a few MiB). */
    public static final WireLimits DEFAULT = new WireLimits(16 * 1024 * 1024, 32, 2_000_000);

    public WireLimits {
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("maxBytes must be positive");
        }
        if (maxDepth <= 0) {
            throw new IllegalArgumentException("maxDepth must be positive");
        }
        if (maxItems <= 0) {
            throw new IllegalArgumentException("maxItems must be positive");
        }
    }
}
