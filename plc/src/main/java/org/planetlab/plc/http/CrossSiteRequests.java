package org.planetlab.plc.http;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.planetlab.api.catalog.MethodCatalog;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.api.method.MethodSpec;

/**
 * Refuses what a browser sends on behalf of a page of another site. A browser attaches the
 * Basic credentials it has cached for this server to any request a page makes, whichever site
 * the page is from; only the browser's own headers tell such a request apart: modern browsers
 * send {@code Sec-Fetch-Site} with every request, and {@code Origin} with every POST. Programs
 * send neither and are not affected. A request from another site (or from an opaque origin,
 * {@code Origin: null}) may not use Basic credentials, and may not call a state-changing
 * method with any credentials. Sessions ({@code Bearer}) are never attached by a browser on its
 * own, so a page can only send one it already knows.
 */
final class CrossSiteRequests {
    private CrossSiteRequests() {}

    static void check(Request request, String methodName) {
        if (!fromAnotherSite(request)) {
            return;
        }
        String authorization = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        boolean basic = authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6);
        boolean mutates = MethodCatalog.lookup(methodName).map(MethodSpec::mutates).orElse(false);
        if (basic || mutates) {
            throw PlanetLabException.permissionDenied("this request comes from a page of another site (by the browser's"
                    + " Sec-Fetch-Site or Origin header): it may not use Basic credentials or call a method that changes"
                    + " state; programs call the API without these headers, pages of this server's own origin may");
        }
    }

    /** Whether a browser says the request comes from a page of another origin. */
    static boolean fromAnotherSite(Request request) {
        String fetchSite = request.getHeaders().get("Sec-Fetch-Site");
        if (fetchSite != null) {
            String site = fetchSite.strip().toLowerCase(Locale.ROOT);
            // same-site is another origin on the same registrable domain: another site to this server.
            return !site.equals("same-origin") && !site.equals("none");
        }
        String origin = request.getHeaders().get(HttpHeader.ORIGIN);
        return origin != null && !isOwnOrigin(origin.strip(), request);
    }

    private static boolean isOwnOrigin(String origin, Request request) {
        URI uri;
        try {
            uri = new URI(origin);
        } catch (URISyntaxException e) {
            return false;
        }
        if (uri.getScheme() == null || uri.getHost() == null) {
            return false;
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        int port = uri.getPort() >= 0 ? uri.getPort() : scheme.equals("https") ? 443 : scheme.equals("http") ? 80 : -1;
        return uri.getHost().equalsIgnoreCase(Request.getServerName(request)) && port == Request.getServerPort(request);
    }
}
