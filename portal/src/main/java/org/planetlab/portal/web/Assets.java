package org.planetlab.portal.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;

/**
 * The portal's static files, served by the portal itself (the page's Content-Security-Policy
 * allows scripts and styles only from here): its style sheet, its small script, and htmx.
 */
final class Assets {
    record Asset(byte[] bytes, String contentType) {}

    private static final String HTMX = "/META-INF/resources/webjars/htmx.org/2.0.7/dist/htmx.min.js";

    private final Map<String, Asset> assets;

    Assets() {
        this.assets = Map.of(
                "/static/portal.css", load("/org/planetlab/portal/static/portal.css", "text/css; charset=utf-8"),
                "/static/portal.js", load("/org/planetlab/portal/static/portal.js",
                        "text/javascript; charset=utf-8"),
                "/static/htmx.min.js", load(HTMX, "text/javascript; charset=utf-8"));
    }

    Optional<Asset> find(String path) {
        return Optional.ofNullable(assets.get(path));
    }

    private static Asset load(String resource, String contentType) {
        try (InputStream in = Assets.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the portal's jar lacks " + resource);
            }
            return new Asset(in.readAllBytes(), contentType);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
