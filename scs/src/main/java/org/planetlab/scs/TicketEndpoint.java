package org.planetlab.scs;

import static java.util.Objects.requireNonNull;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLContext;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.api.wire.JsonCodec;
import org.planetlab.api.wire.JsonErrors;
import org.planetlab.api.wire.WireLimits;
import org.planetlab.trust.tls.TlsContexts;
import org.planetlab.trust.tls.TlsIdentity;
import org.planetlab.trust.tls.TlsPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service's remote interface (Architecture §6: "invoked by slice authorities and users to
 * create slices"): HTTPS with the node's TLS certificate from PLC's CA, JSON in and out.
 *
 * <pre>
 * POST /scs/v1/Challenge     {} -> {"challenge": hex, "node": host name, "expires": seconds}
 * POST /scs/v1/RedeemTicket  {"ticket": XML, "keys": [ssh keys], "principal": e-mail (optional),
 *                             "challenge": hex, "proof": SSH signature}
 *      -> {"lease": XML, "sliver", "node", "address", "login", "end", "renewed"}
 * POST /scs/v1/RenewLease    the same, for a sliver that holds a lease
 * POST /scs/v1/ReleaseLease  {"ticket": XML, "challenge": hex, "proof": SSH signature} -> {"released": sliver}
 * </pre>
 *
 * The proof is an SSHSIG signature (namespace {@code planetlab-ticket}) over the
 * {@link org.planetlab.trust.ticket.RedemptionProof} of the call, by a key the ticket names.
 *
 * Errors: {@code {"error": {"code": "VERIFICATION_FAILED", "message": "..."}}} with the HTTP status
 * {@link JsonErrors} gives the code, as PLC's JSON API does.
 */
final class TicketEndpoint implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TicketEndpoint.class);
    private static final WireLimits LIMITS = new WireLimits(1024 * 1024, 8, 10_000);
    private static final Duration ACTION_TIMEOUT = Duration.ofSeconds(60);

    private final TicketDesk desk;
    private final ActionLoop loop;
    private final JsonCodec codec = new JsonCodec(LIMITS);
    private HttpsServer server;

    TicketEndpoint(TicketDesk desk, ActionLoop loop) {
        this.desk = requireNonNull(desk, "desk is null");
        this.loop = requireNonNull(loop, "loop is null");
    }

    void start(String address, int port, TlsIdentity identity, SecureRandom random) {
        SSLContext context = TlsContexts.server(identity, random);
        try {
            server = HttpsServer.create(new InetSocketAddress(address, port), 64);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + address + ":" + port, e);
        }
        server.setHttpsConfigurator(new HttpsConfigurator(context) {
            @Override
            public void configure(HttpsParameters parameters) {
                parameters.setSSLParameters(TlsPolicy.serverParameters());
            }
        });
        server.setExecutor(Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("scs-request").factory()));
        server.createContext("/scs/v1/", this::serve);
        server.start();
        LOG.info("ticket endpoint on https://{}:{}/scs/v1/", address, port);
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            Map<String, Object> answer;
            int status;
            try {
                if (!exchange.getRequestMethod().equals("POST")) {
                    throw new PlanetLabException(ErrorCode.MALFORMED_REQUEST, "use POST with a JSON body");
                }
                String method = exchange.getRequestURI().getPath().substring("/scs/v1/".length());
                Map<?, ?> request = body(exchange.getRequestBody());
                answer = loop.call(() -> act(method, request), ACTION_TIMEOUT);
                status = 200;
            } catch (PlanetLabException e) {
                answer = JsonErrors.body(e);
                status = JsonErrors.status(e.code());
                LOG.info("refused a {} from {}: {}", exchange.getRequestURI().getPath(), exchange.getRemoteAddress().getAddress(),
                        e.getMessage());
            }
            byte[] bytes = codec.write(answer);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream output = exchange.getResponseBody()) {
                output.write(bytes);
            }
        }
    }

    private Map<String, Object> act(String method, Map<?, ?> request) {
        return switch (method) {
            case "Challenge" -> new LinkedHashMap<>(desk.challenge());
            case "RedeemTicket" -> desk.redeem(method, string(request, "ticket"), strings(request, "keys"), optional(request, "principal"),
                    proof(request));
            case "RenewLease" -> {
                Map<String, Object> answer = desk.redeem(method, string(request, "ticket"), strings(request, "keys"),
                        optional(request, "principal"), proof(request));
                if (!Boolean.TRUE.equals(answer.get("renewed"))) {
                    LOG.info("RenewLease of a sliver without a lease created it");
                }
                yield answer;
            }
            case "ReleaseLease" -> new LinkedHashMap<>(desk.release(string(request, "ticket"), proof(request)));
            default -> throw new PlanetLabException(ErrorCode.UNKNOWN_METHOD,
                    "unknown method; use Challenge, RedeemTicket, RenewLease or ReleaseLease");
        };
    }

    private static Optional<Possession.Proof> proof(Map<?, ?> request) {
        if (request.get("proof") == null && request.get("challenge") == null) {
            return Optional.empty();
        }
        return Optional.of(new Possession.Proof(string(request, "challenge"), string(request, "proof")));
    }

    private Map<?, ?> body(InputStream input) throws IOException {
        byte[] bytes = input.readNBytes(LIMITS.maxBytes() + 1);
        if (bytes.length > LIMITS.maxBytes()) {
            throw new PlanetLabException(ErrorCode.REQUEST_TOO_LARGE, "requests are at most " + LIMITS.maxBytes() + " bytes");
        }
        if (!(codec.read(bytes) instanceof Map<?, ?> map)) {
            throw new PlanetLabException(ErrorCode.MALFORMED_REQUEST, "the body must be a JSON object");
        }
        return map;
    }

    private static String string(Map<?, ?> request, String name) {
        if (!(request.get(name) instanceof String text)) {
            throw PlanetLabException.invalidArgument(name + " is required and must be a string");
        }
        return text;
    }

    private static Optional<String> optional(Map<?, ?> request, String name) {
        return request.get(name) == null ? Optional.empty() : Optional.of(string(request, name));
    }

    private static List<String> strings(Map<?, ?> request, String name) {
        Object value = request.get(name);
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list) || !list.stream().allMatch(String.class::isInstance)) {
            throw PlanetLabException.invalidArgument(name + " must be an array of strings");
        }
        List<String> strings = new ArrayList<>();
        list.forEach(item -> strings.add(((String) item).strip()));
        return strings;
    }

    @Override
    public void close() {
        if (server != null) {
            server.stop(0);
        }
    }
}
