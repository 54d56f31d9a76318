package org.planetlab.node.net.http;

import static java.util.Objects.requireNonNull;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Which server a request to port 80 of the node is for, by its {@code Host}: the node's own
 * hostname or address reach the node's page; {@code <slice>.<node hostname>} (the slice's name,
 * or the same with {@code -} for {@code _}, which DNS names cannot hold) and a name the slice
 * registered reach that slice's HTTP server, if the slice holds its port; anything else is
 * unknown. The slices are asked for at every request ({@link SliverHttpServers} answers with a
 * reading at most a second old).
 */
public final class HttpNames {
    /** A slice's HTTP server by name: its sliver's private address and the port of its {@code codemux} attribute. */
    public record SliceServer(String slice, Optional<String> registeredName, String sliverAddress, int port,
            boolean holdsPort) {
        public SliceServer {
            requireNonNull(slice, "slice is null");
            requireNonNull(registeredName, "registeredName is null");
            requireNonNull(sliverAddress, "sliverAddress is null");
        }
    }

    /** Where a request goes. */
    public sealed interface Route {
        /** The node's own page. */
        record Node() implements Route {}

        /** A slice's server. */
        record Slice(String slice, InetSocketAddress server) implements Route {}

        /** A slice named by the request whose server cannot be reached by name: it does not hold its port. */
        record NotHeld(String slice, int port) implements Route {}

        /** No server by that name on this node. */
        record Unknown(String host) implements Route {}
    }

    private final String nodeHostname;
    /** {@code .<node hostname>}, what a slice's own name ends with. */
    private final String suffix;
    private final Set<String> nodeNames;
    private final Supplier<List<SliceServer>> slices;

    /**
     * @param nodeHostname the node's hostname, as PLC knows it
     * @param nodeAddresses the node's addresses, which also reach its own page
     * @param slices the slices with a {@code codemux} attribute on this node, now
     */
    public HttpNames(String nodeHostname, List<String> nodeAddresses, Supplier<List<SliceServer>> slices) {
        this.nodeHostname = normalize(requireNonNull(nodeHostname, "nodeHostname is null"));
        this.suffix = "." + this.nodeHostname;
        this.nodeNames = Set.copyOf(nodeAddresses.stream().map(HttpNames::normalize)
                .collect(java.util.stream.Collectors.toSet()));
        this.slices = requireNonNull(slices, "slices is null");
    }

    /** The route of a request with this {@code Host} header (absent for HTTP/1.0 requests without one). */
    public Route route(Optional<String> hostHeader) {
        if (hostHeader.isEmpty()) {
            return new Route.Node();
        }
        String host = normalize(withoutPort(hostHeader.get()));
        if (host.equals(nodeHostname) || nodeNames.contains(host)) {
            return new Route.Node();
        }
        for (SliceServer server : slices.get()) {
            boolean byOwnName = host.endsWith(suffix) && matchesSlice(host.substring(0, host.length() - suffix.length()),
                    server.slice());
            if (byOwnName || server.registeredName().map(host::equals).orElse(false)) {
                return server.holdsPort() ? new Route.Slice(server.slice(), address(server))
                        : new Route.NotHeld(server.slice(), server.port());
            }
        }
        return new Route.Unknown(host);
    }

    /** The server's socket address; a sliver's address is a literal, read as one rather than through the resolver. */
    private static InetSocketAddress address(SliceServer server) {
        try {
            return new InetSocketAddress(InetAddress.ofLiteral(server.sliverAddress()), server.port());
        } catch (IllegalArgumentException e) {
            return new InetSocketAddress(server.sliverAddress(), server.port());
        }
    }

    private static boolean matchesSlice(String label, String slice) {
        String name = slice.toLowerCase(Locale.ROOT);
        return label.equals(name) || label.equals(name.replace('_', '-'));
    }

    private static String withoutPort(String host) {
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            return end < 0 ? host : host.substring(0, end + 1);
        }
        int colon = host.lastIndexOf(':');
        return colon < 0 ? host : host.substring(0, colon);
    }

    private static String normalize(String host) {
        String lower = host.strip().toLowerCase(Locale.ROOT);
        return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
    }
}
