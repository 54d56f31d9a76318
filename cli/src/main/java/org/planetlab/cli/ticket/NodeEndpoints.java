package org.planetlab.cli.ticket;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.planetlab.api.client.PlcClient;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.api.wire.JsonCodec;
import org.planetlab.api.wire.JsonErrors;

/**
 * Nodes' slice creation services (their ticket endpoints, {@code https://NODE:8812/scs/v1/}),
 * reached over the same TLS as PLC: their certificates come from PLC's CA. A node named by host
 * name is reached at the address PLC has registered for it, so names need not be in the DNS.
 */
final class NodeEndpoints {
    /** The port nodes serve tickets on, unless a node is given as HOST:PORT. */
    static final int DEFAULT_PORT = 8812;
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final HttpClient http;
    private final PlcClient plc;
    private final JsonCodec codec = new JsonCodec();

    /**
     * @param http trusts PLC's CA
     * @param plc to look nodes' addresses up (anonymously)
     */
    NodeEndpoints(HttpClient http, PlcClient plc) {
        this.http = requireNonNull(http, "http is null");
        this.plc = requireNonNull(plc, "plc is null");
    }

    /** Calls a method of a node's endpoint; an answered error comes back as the exception it names. */
    Map<?, ?> call(String node, String method, Map<String, ?> body) {
        URI uri = URI.create("https://" + address(node) + "/scs/v1/" + method);
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(TIMEOUT).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(codec.write(body))).build();
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            String reason = e instanceof java.net.ConnectException ? "connection refused or no route"
                    : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new PlanetLabException(ErrorCode.UNAVAILABLE, "cannot reach " + uri.getAuthority() + ": " + reason, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PlanetLabException(ErrorCode.UNAVAILABLE, "interrupted", e);
        }
        Object answer;
        try {
            answer = codec.read(response.body());
        } catch (PlanetLabException e) {
            throw new PlanetLabException(ErrorCode.UNAVAILABLE, uri.getAuthority() + " answered HTTP " + response.statusCode()
                    + " with something other than a slice creation service's answer");
        }
        if (answer instanceof Map<?, ?> map && map.get("error") instanceof Map<?, ?> error) {
            throw JsonErrors.exception(error);
        }
        if (!(answer instanceof Map<?, ?> map) || response.statusCode() != 200) {
            throw new PlanetLabException(ErrorCode.UNAVAILABLE, uri.getAuthority() + " answered HTTP " + response.statusCode());
        }
        return map;
    }

    /** HOST:PORT to connect to: an address as given, a host name through PLC's registry. */
    String address(String node) {
        String host = node;
        int port = DEFAULT_PORT;
        int colon = node.lastIndexOf(':');
        if (colon > 0 && node.indexOf(':') == colon) {
            host = node.substring(0, colon);
            port = Integer.parseInt(node.substring(colon + 1));
        }
        if (!host.matches("[0-9.]+")) {
            host = registeredAddress(host);
        }
        return host + ":" + port;
    }

    private String registeredAddress(String hostname) {
        List<?> nodes = (List<?>) plc.call("GetNodes", List.of(hostname), List.of("hostname", "interface_ids"));
        if (nodes.isEmpty()) {
            throw PlanetLabException.notFound("PLC knows no node " + hostname);
        }
        List<?> interfaceIds = (List<?>) ((Map<?, ?>) nodes.getFirst()).get("interface_ids");
        if (interfaceIds == null || interfaceIds.isEmpty()) {
            throw PlanetLabException.notFound("node " + hostname + " has no registered address; give its address instead");
        }
        for (Object row : (List<?>) plc.call("GetInterfaces", interfaceIds, List.of("ip", "is_primary"))) {
            Map<?, ?> address = (Map<?, ?>) row;
            if (Boolean.TRUE.equals(address.get("is_primary")) && address.get("ip") != null) {
                return (String) address.get("ip");
            }
        }
        throw PlanetLabException.notFound("node " + hostname + " has no primary address; give its address instead");
    }
}
