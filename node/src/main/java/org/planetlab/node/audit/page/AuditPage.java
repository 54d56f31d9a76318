package org.planetlab.node.audit.page;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import org.planetlab.api.audit.FlowRecord;
import org.planetlab.api.audit.SliceContact;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.node.audit.FlowStore;
import org.planetlab.trust.tls.TlsIdentity;
import org.planetlab.trust.tls.TlsPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's public audit page (docs/auditing.md, "On the node"): anyone may ask which slice
 * exchanged traffic with an address at a time, and report it. Plain HTML, or JSON when the
 * request accepts {@code application/json}; rate-limited per client address. Nothing here
 * changes the node: queries read the flow store, reports go to PLC. The same page can be served
 * over HTTPS as well ({@link #listenTls}), with the node's certificate.
 */
public final class AuditPage implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AuditPage.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final FlowAnswerJson ANSWER = new FlowAnswerJson(JSON);
    private static final int LONGEST_BODY = 8192;
    static {
        // The JDK's HTTP server writes a response's headers and its body in two sends; with
        // Nagle's algorithm on, a body of a few dozen flows then waits for the client's delayed
        // acknowledgement of the headers (40 ms on Linux) before it leaves. The server reads this
        // property once, when the first server of the JVM starts; the node agent's JVM sets it on
        // its command line as well (NodeJvm), for when another listener starts first.
        System.getProperties().putIfAbsent("sun.net.httpserver.nodelay", "true");
    }

    private static final Pattern EMAIL = Pattern.compile("[^@\\s<>\"]{1,64}@[A-Za-z0-9.-]{1,253}\\.[A-Za-z]{2,63}");

    private final NodeDescription node;
    private final FlowStore store;
    private final Duration retention;
    private final SliceContacts contacts;
    private final Complaints complaints;
    private final ClientRateLimit rateLimit;
    private final Clock clock;
    private final HttpServer server;
    private final ExecutorService executor;
    private HttpsServer tls;

    /**
     * @param address where to listen: the node's public address, port 80 in real use
     * @param requestsPerMinute each client's average rate; bursts of a quarter of it (at least 5)
     */
    public AuditPage(InetSocketAddress address, NodeDescription node, FlowStore store, Duration retention,
            SliceContacts contacts, Complaints complaints, int requestsPerMinute, Clock clock) {
        this.node = requireNonNull(node, "node is null");
        this.store = requireNonNull(store, "store is null");
        this.retention = requireNonNull(retention, "retention is null");
        this.contacts = requireNonNull(contacts, "contacts is null");
        this.complaints = requireNonNull(complaints, "complaints is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.rateLimit = new ClientRateLimit(clock, requestsPerMinute, Math.max(5, requestsPerMinute / 4));
        try {
            server = HttpServer.create(requireNonNull(address, "address is null"), 64);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + address + " for the audit page", e);
        }
        executor = Executors.newFixedThreadPool(4, Thread.ofPlatform().name("audit-page-", 0).daemon().factory());
        server.setExecutor(executor);
        server.createContext("/", this::handle);
    }

    /**
     * Serves the same page over HTTPS on {@code address} as well, from {@link #start}; each
     * handshake presents the identity {@code identity} holds at that moment (none yet: the
     * handshake fails, the HTTP page still answers).
     */
    public void listenTls(InetSocketAddress address, Supplier<Optional<TlsIdentity>> identity, SecureRandom random) {
        requireNonNull(address, "address is null");
        if (tls != null) {
            throw new IllegalStateException("the audit page already listens for HTTPS on " + tls.getAddress());
        }
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(new KeyManager[] {new FollowingKeyManager(identity)}, null, requireNonNull(random, "random is null"));
            tls = HttpsServer.create(address, 64);
            tls.setHttpsConfigurator(new HttpsConfigurator(context) {
                @Override
                public void configure(HttpsParameters parameters) {
                    parameters.setSSLParameters(TlsPolicy.serverParameters());
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + address + " for the audit page over HTTPS", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no TLS for the audit page: " + e.getMessage(), e);
        }
        tls.setExecutor(executor);
        tls.createContext("/", this::handle);
    }

    public void start() {
        server.start();
        LOG.info("audit page listening on {}", server.getAddress());
        if (tls != null) {
            tls.start();
            LOG.info("audit page listening for HTTPS on {}", tls.getAddress());
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The HTTPS listener's port, once {@link #listenTls} was called. */
    public int tlsPort() {
        if (tls == null) {
            throw new IllegalStateException("the audit page does not listen for HTTPS");
        }
        return tls.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        if (tls != null) {
            tls.stop(0);
        }
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            answer(exchange);
        }
    }

    private void answer(HttpExchange exchange) throws IOException {
        boolean json = wantsJson(exchange);
        try {
            String client = ForwardedClient.of(exchange);
            if (!rateLimit.allow(client)) {
                send(exchange, 429, json, "too many requests from " + client + "; wait a minute and ask again");
                return;
            }
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            String rawQuery = exchange.getRequestURI().getRawQuery();
            if (path.equals("/") && (method.equals("GET") || method.equals("HEAD"))) {
                query(exchange, rawQuery, json);
            } else if (path.equals("/report") && method.equals("GET")) {
                reportForm(exchange, rawQuery);
            } else if (path.equals("/report") && method.equals("POST")) {
                report(exchange, rawQuery, json);
            } else if (path.equals("/") || path.equals("/report")) {
                exchange.getResponseHeaders().set("Allow", path.equals("/") ? "GET, HEAD" : "GET, POST");
                send(exchange, 405, json, "method " + PageQuery.printable(method) + " is not allowed here");
            } else {
                send(exchange, 404, json, "no such page; the audit page is /");
            }
        } catch (BadRequest e) {
            send(exchange, 400, json, e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("audit page request failed", e);
            send(exchange, 500, json, "the node could not answer; try again later");
        }
    }

    private void query(HttpExchange exchange, String rawQuery, boolean json) throws IOException {
        if (!PageQuery.asks(rawQuery)) {
            if (json) {
                send(exchange, 400, true, "give remote and time (or from and to)");
            } else {
                respond(exchange, 200, "text/html; charset=utf-8", Html.page(node, Html.form(Map.of())));
            }
            return;
        }
        PageQuery query = PageQuery.parse(rawQuery, clock.instant(), retention);
        List<FlowRecord> flows = store.query(query.query());
        Map<Integer, SliceContact> known = Map.of();
        boolean available = true;
        List<Integer> sliceIds = flows.stream().map(FlowRecord::sliceId).distinct().toList();
        if (!sliceIds.isEmpty()) {
            try {
                known = contacts.contacts(sliceIds);
            } catch (PlanetLabException | UncheckedIOException e) {
                LOG.info("slice contacts unavailable: {}", e.getMessage());
                available = false;
            }
        }
        if (json) {
            respond(exchange, 200, "application/json", ANSWER.encode(node.hostname(), available, flows, known));
            return;
        }
        respond(exchange, 200, "text/html; charset=utf-8", Html.page(node, Html.form(query.parameters())
                + Html.results(flows, known, available, canonical(query.parameters()))));
    }

    private void reportForm(HttpExchange exchange, String rawQuery) throws IOException {
        Chosen chosen = chosen(rawQuery);
        respond(exchange, 200, "text/html; charset=utf-8", Html.page(node,
                Html.reportForm(chosen.flow(), canonical(chosen.query().parameters()), chosen.index())));
    }

    private void report(HttpExchange exchange, String rawQuery, boolean json) throws IOException {
        Chosen chosen = chosen(rawQuery);
        Map<String, String> form = form(exchange);
        String name = required(form, "reporter_name", 100);
        String email = required(form, "reporter_email", 254);
        String text = required(form, "text", 4000);
        if (!EMAIL.matcher(email).matches()) {
            throw new BadRequest("'" + PageQuery.printable(email) + "' is not an e-mail address");
        }
        int complaintId;
        try {
            complaintId = complaints.report(chosen.flow(), name, email, text);
        } catch (PlanetLabException | UncheckedIOException e) {
            send(exchange, 502, json, "PLC did not take the report: " + e.getMessage());
            return;
        }
        if (json) {
            respond(exchange, 200, "application/json", JSON.writeValueAsString(Map.of("complaint_id", complaintId)));
        } else {
            respond(exchange, 200, "text/html; charset=utf-8", Html.page(node, "<p>Thank you. Your report is complaint "
                    + complaintId + " at PlanetLab; the slice's researchers, their principal investigators and the"
                    + " operators have been told.</p>"));
        }
    }

    /** The flow a report is about: the query is run again and its {@code flow}-th answer taken, so a report names a real flow. */
    private record Chosen(PageQuery query, FlowRecord flow, int index) {}

    private Chosen chosen(String rawQuery) {
        if (rawQuery == null) {
            throw new BadRequest("say which flow to report: run a query and follow its report link");
        }
        List<String> rest = new ArrayList<>();
        String index = null;
        for (String pair : rawQuery.split("&")) {
            if (pair.startsWith("flow=")) {
                index = pair.substring(5);
            } else {
                rest.add(pair);
            }
        }
        if (index == null || !index.matches("[0-9]{1,3}")) {
            throw new BadRequest("flow must be the number of a flow in the query's answer");
        }
        PageQuery query = PageQuery.parse(String.join("&", rest), clock.instant(), retention);
        List<FlowRecord> flows = store.query(query.query());
        int at = Integer.parseInt(index);
        if (at >= flows.size()) {
            throw new BadRequest("the query has no flow number " + at);
        }
        return new Chosen(query, flows.get(at), at);
    }

    private static Map<String, String> form(HttpExchange exchange) throws IOException {
        String type = exchange.getRequestHeaders().getFirst("Content-Type");
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            throw new BadRequest("send the report as a form (application/x-www-form-urlencoded)");
        }
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readNBytes(LONGEST_BODY + 1);
        }
        if (body.length > LONGEST_BODY) {
            throw new BadRequest("the report is longer than " + LONGEST_BODY + " bytes");
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (String pair : new String(body, StandardCharsets.UTF_8).split("&")) {
            int equals = pair.indexOf('=');
            if (equals > 0) {
                try {
                    values.put(java.net.URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                            java.net.URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
                } catch (IllegalArgumentException e) {
                    throw new BadRequest("the report is not correctly URL-encoded");
                }
            }
        }
        return values;
    }

    private static String required(Map<String, String> form, String name, int longest) {
        String value = form.getOrDefault(name, "").strip();
        if (value.isEmpty()) {
            throw new BadRequest(name.replace('_', ' ') + " is required");
        }
        if (value.length() > longest) {
            throw new BadRequest(name.replace('_', ' ') + " is longer than " + longest + " characters");
        }
        return value;
    }

    private static String canonical(Map<String, String> parameters) {
        List<String> pairs = new ArrayList<>();
        for (String name : List.of("remote", "time", "from", "to", "port", "protocol")) {
            String value = parameters.get(name);
            if (value != null && !value.isBlank()) {
                pairs.add(name + "=" + URLEncoder.encode(value.strip(), StandardCharsets.UTF_8));
            }
        }
        return String.join("&", pairs);
    }

    private static boolean wantsJson(HttpExchange exchange) {
        String accept = exchange.getRequestHeaders().getFirst("Accept");
        return accept != null && accept.toLowerCase(Locale.ROOT).contains("application/json");
    }

    private void send(HttpExchange exchange, int status, boolean json, String message) throws IOException {
        if (json) {
            respond(exchange, status, "application/json", JSON.writeValueAsString(Map.of("error", message)));
        } else {
            respond(exchange, status, "text/html; charset=utf-8", Html.page(node, Html.error(message) + Html.form(Map.of())));
        }
    }

    private static void respond(HttpExchange exchange, int status, String type, String body) throws IOException {
        respond(exchange, status, type, body.getBytes(StandardCharsets.UTF_8));
    }

    private static void respond(HttpExchange exchange, int status, String type, byte[] bytes) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }
}
