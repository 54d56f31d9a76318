package org.planetlab.node.net.http;

import static java.util.Objects.requireNonNull;

import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.planetlab.api.error.PlanetLabException;

/**
 * HTTP on port 80 by name, from the agent config's {@code http-by-name-*} keys
 * (docs/node-network.md, "HTTP on port 80 by name"): {@code http-by-name-port} (0, the default,
 * for none; 80 in real use), {@code http-by-name-address} (default {@code node-address}),
 * {@code http-by-name-hostname} (the node's hostname; default plnode.txt's HOST_NAME) and
 * {@code http-by-name-page} ({@code address:port} of the node's own page, which then listens
 * there instead of on port 80: set {@code audit-page-address} and {@code audit-page-port} to it).
 */
public record HttpByNameSettings(InetSocketAddress listen, Optional<String> hostname, InetSocketAddress nodePage) {
    static final Set<String> KEYS = Set.of("http-by-name-port", "http-by-name-address", "http-by-name-hostname",
            "http-by-name-page");

    public HttpByNameSettings {
        requireNonNull(listen, "listen is null");
        requireNonNull(hostname, "hostname is null");
        requireNonNull(nodePage, "nodePage is null");
    }

    /** The settings in an agent config's extra keys; empty when {@code http-by-name-port} is absent or 0. */
    public static Optional<HttpByNameSettings> from(Map<String, String> keys) {
        String port = keys.getOrDefault("http-by-name-port", "0").strip();
        if (port.equals("0")) {
            return Optional.empty();
        }
        String address = keys.getOrDefault("http-by-name-address", keys.getOrDefault("node-address", "")).strip();
        check(!address.isEmpty(), "http-by-name-address", "is required (or node-address)");
        String page = keys.getOrDefault("http-by-name-page", "").strip();
        int colon = page.lastIndexOf(':');
        check(colon > 0, "http-by-name-page", "must be address:port of the node's own page, was '" + page + "'");
        String hostname = keys.getOrDefault("http-by-name-hostname", "").strip();
        return Optional.of(new HttpByNameSettings(new InetSocketAddress(address, number("http-by-name-port", port)),
                hostname.isEmpty() ? Optional.empty() : Optional.of(hostname),
                new InetSocketAddress(page.substring(0, colon), number("http-by-name-page", page.substring(colon + 1)))));
    }

    /** The keys without these, for the readers of the others. */
    public static Map<String, String> withoutHttpByNameKeys(Map<String, String> keys) {
        Map<String, String> rest = new HashMap<>(keys);
        rest.keySet().removeAll(KEYS);
        return rest;
    }

    private static int number(String key, String text) {
        try {
            int port = Integer.parseInt(text);
            check(port >= 1 && port <= 65_535, key, "port must be 1 to 65535, was " + port);
            return port;
        } catch (NumberFormatException e) {
            throw PlanetLabException.invalidArgument("node agent config " + key + ": '" + text + "' is not a port");
        }
    }

    private static void check(boolean condition, String key, String problem) {
        if (!condition) {
            throw PlanetLabException.invalidArgument("node agent config " + key + ": " + problem);
        }
    }
}
