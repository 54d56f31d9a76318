package org.planetlab.portal.web;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The portal's pages: a method, a path pattern ({@code /slices/{id}/renew}, each {@code {id}} one
 * path segment of digits), whether only a signed-in person may open it, and its handler.
 */
public final class Routes {
    /** Who may reach a route at all; what they may do there is the API's rules' business. */
    public enum Access { ANYONE, SIGNED_IN }

    record Route(String method, Pattern pattern, Access access, Function<WebRequest, Reply> handler) {
        Route {
            requireNonNull(method, "method is null");
            requireNonNull(pattern, "pattern is null");
            requireNonNull(access, "access is null");
            requireNonNull(handler, "handler is null");
        }
    }

    /** A route found for a request, with the values of its pattern. */
    record Match(Route route, List<String> values) {}

    private final List<Route> routes = new ArrayList<>();

    public Routes get(String path, Access access, Function<WebRequest, Reply> handler) {
        return add("GET", path, access, handler);
    }

    public Routes post(String path, Access access, Function<WebRequest, Reply> handler) {
        return add("POST", path, access, handler);
    }

    private Routes add(String method, String path, Access access, Function<WebRequest, Reply> handler) {
        String regex = Pattern.quote(path).replace("{id}", "\\E([0-9]{1,18})\\Q");
        routes.add(new Route(method, Pattern.compile(regex), access, handler));
        return this;
    }

    /** The route for this method and path, if any. */
    Optional<Match> find(String method, String path) {
        for (Route route : routes) {
            Matcher matcher = route.pattern().matcher(path);
            if (route.method().equals(method) && matcher.matches()) {
                List<String> values = new ArrayList<>();
                for (int group = 1; group <= matcher.groupCount(); group++) {
                    values.add(matcher.group(group));
                }
                return Optional.of(new Match(route, values));
            }
        }
        return Optional.empty();
    }

    /** Whether any route takes this path with another method (answered 405, not 404). */
    boolean knowsPath(String path) {
        return routes.stream().anyMatch(route -> route.pattern().matcher(path).matches());
    }
}
