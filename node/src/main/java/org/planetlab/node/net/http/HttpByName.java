package org.planetlab.node.net.http;

import static java.util.Objects.requireNonNull;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.proxy.ProxyHandler;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.planetlab.node.net.http.HttpNames.Route;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Port 80 of the node shared by name, as the original's codemux shared it: one Jetty listener
 * parses each request, {@link HttpNames} chooses the server by its {@code Host}, and Jetty's
 * reverse proxy passes the request on (with an RFC 7239 {@code Forwarded} header naming the
 * client) and streams the answer back. The node's own page is one of the servers. Unknown
 * names get a 404 that says so, names of slices that do not hold their port a 503.
 *
 * <p>Abuse stays bounded by Jetty's limits: request headers above {@link Limits#headerBytes()}
 * are answered 431 and the connection closed; at most {@link Limits#connections()} connections
 * are open at once (further ones wait in the kernel's backlog); a connection silent for
 * {@link Limits#idleTimeout()} is closed, so a slow sender holds one connection and no thread
 * (Jetty reads without blocking a thread) until then; the proxy gives a server
 * {@link Limits#serverTimeout()} to answer.
 */
public final class HttpByName implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HttpByName.class);
    private static final String ROUTE = HttpByName.class.getName() + ".route";

    /** The bounds on what clients may cost. */
    public record Limits(int headerBytes, int connections, Duration idleTimeout, Duration serverTimeout, int threads) {
        public static final Limits DEFAULT = new Limits(8192, 1024, Duration.ofSeconds(20), Duration.ofSeconds(30), 32);

        public Limits {
            requireNonNull(idleTimeout, "idleTimeout is null");
            requireNonNull(serverTimeout, "serverTimeout is null");
            if (headerBytes < 1024 || connections < 1 || threads < 4) {
                throw new IllegalArgumentException("limits too small: headers " + headerBytes + " bytes, " + connections
                        + " connections, " + threads + " threads");
            }
        }
    }

    private final Server server;
    private final ServerConnector connector;

    /**
     * @param listen where to listen: the node's public address, port 80 in real use
     * @param nodePage the node's own page, which answers requests for the node's own name
     */
    public HttpByName(InetSocketAddress listen, HttpNames names, InetSocketAddress nodePage, Limits limits) {
        requireNonNull(listen, "listen is null");
        requireNonNull(names, "names is null");
        requireNonNull(nodePage, "nodePage is null");
        requireNonNull(limits, "limits is null");
        QueuedThreadPool threads = new QueuedThreadPool(limits.threads(), 2);
        threads.setName("http-by-name");
        threads.setDaemon(true);
        server = new Server(threads);
        HttpConfiguration configuration = new HttpConfiguration();
        configuration.setRequestHeaderSize(limits.headerBytes());
        configuration.setSendServerVersion(false);
        configuration.setSendDateHeader(false);
        connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(configuration));
        connector.setHost(listen.getHostString());
        connector.setPort(listen.getPort());
        connector.setIdleTimeout(limits.idleTimeout().toMillis());
        server.addConnector(connector);
        server.addBean(new NetworkConnectionLimit(limits.connections(), connector));
        ProxyHandler.Reverse proxy = new ProxyHandler.Reverse(request -> target(request, nodePage)) {
            @Override
            protected void configureHttpClient(HttpClient client) {
                super.configureHttpClient(client);
                client.setConnectTimeout(limits.serverTimeout().toMillis());
                client.setIdleTimeout(limits.serverTimeout().toMillis());
                client.setFollowRedirects(false);
            }
        };
        server.setHandler(new Router(names, proxy));
    }

    /** Starts listening; returns the port (useful when asked for port 0). */
    public int start() {
        try {
            server.start();
        } catch (Exception e) {
            throw new java.io.UncheckedIOException("cannot serve HTTP by name on " + connector.getHost() + ":"
                    + connector.getPort(), e instanceof java.io.IOException io ? io : new java.io.IOException(e));
        }
        LOG.info("HTTP by name on {}:{}", connector.getHost(), connector.getLocalPort());
        return connector.getLocalPort();
    }

    private static HttpURI target(Request request, InetSocketAddress nodePage) {
        InetSocketAddress server = request.getAttribute(ROUTE) instanceof Route.Slice slice ? slice.server() : nodePage;
        return HttpURI.build(request.getHttpURI()).scheme("http").host(server.getHostString()).port(server.getPort())
                .asImmutable();
    }

    /** Chooses the route, answers what cannot be passed on, hands the rest to the proxy. */
    private static final class Router extends Handler.Wrapper {
        private final HttpNames names;

        Router(HttpNames names, Handler proxy) {
            super(proxy);
            this.names = names;
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
            Route route = names.route(Optional.ofNullable(request.getHeaders().get(HttpHeader.HOST)));
            return switch (route) {
                case Route.Unknown unknown -> answer(response, callback, HttpStatus.NOT_FOUND_404,
                        "No HTTP service named " + unknown.host() + " on this node.\n");
                case Route.NotHeld notHeld -> answer(response, callback, HttpStatus.SERVICE_UNAVAILABLE_503,
                        "Slice " + notHeld.slice() + " does not hold port " + notHeld.port() + " on this node.\n");
                case Route.Node node -> super.handle(request, response, callback);
                case Route.Slice slice -> {
                    request.setAttribute(ROUTE, slice);
                    yield super.handle(request, response, callback);
                }
            };
        }

        private static boolean answer(Response response, Callback callback, int status, String text) {
            response.setStatus(status);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
            response.write(true, ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), callback);
            return true;
        }
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            LOG.warn("HTTP by name did not stop cleanly: {}", e.getMessage());
        }
    }
}
