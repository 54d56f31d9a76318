package org.planetlab.plc.http;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.api.catalog.MethodCatalog;
import org.planetlab.api.wire.JsonCodec;
import org.planetlab.api.wire.JsonErrors;
import org.planetlab.api.wire.WireLimits;
import org.planetlab.plc.api.Dispatcher;
import org.planetlab.plc.auth.RequestContext;

/**
 * The JSON API: {@code POST /api/v1/<Method>} with a JSON object of named parameters, the same
 * methods and checks as XML-RPC. Credentials come from the {@code Authorization} header
 * ({@code Bearer <session>}, {@code Basic <email:password>}, or a node's request signature) or
 * from an {@code auth} member holding the XML-RPC auth struct; without either the caller is
 * anonymous. {@code GET /api/v1/} describes every method.
 *
 * <p>Answers are {@code {"result": ...}} with 200, or {@code {"error": {code, fault_code,
 * message}}} with a status chosen from the error's category ({@link JsonErrors}).
 */
final class JsonEndpoint {
    static final String PREFIX = "/api/v1/";
    private static final String CONTENT_TYPE = "application/json";

    private final Dispatcher dispatcher;
    private final WireLimits limits;
    private final JsonCodec json;

    JsonEndpoint(Dispatcher dispatcher, WireLimits limits) {
        this.dispatcher = requireNonNull(dispatcher, "dispatcher is null");
        this.limits = requireNonNull(limits, "limits is null");
        this.json = new JsonCodec(limits);
    }

    void handle(Request request, Response response, Callback callback) {
        String methodName = request.getHttpURI().getPath().substring(PREFIX.length());
        try {
            if (request.getMethod().equals("GET")) {
                describe(methodName, response, callback);
                return;
            }
            if (!request.getMethod().equals("POST")) {
                throw new PlanetLabException(ErrorCode.MALFORMED_REQUEST,
                        "use POST to call a method, GET to read its description");
            }
            requireJson(request.getHeaders().get("Content-Type"));
            CrossSiteRequests.check(request, methodName);
            byte[] body = HttpExchange.readBody(request, limits.maxBytes());
            RequestContext context = HttpExchange.context(request, body);
            Map<String, Object> params = parameters(body);
            Object auth = auth(params.remove("auth"), context);
            Object result = dispatcher.invokeNamed(methodName, auth, params, context);
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("result", result);
            HttpExchange.send(response, callback, 200, CONTENT_TYPE, json.write(answer));
        } catch (PlanetLabException e) {
            sendError(response, callback, e);
        } catch (java.io.IOException e) {
            sendError(response, callback, new PlanetLabException(ErrorCode.MALFORMED_REQUEST,
                    "could not read the request: " + e.getMessage(), e));
        }
    }

    /**
     * A call must say its body is JSON. A web page on another site can make a browser send
     * {@code text/plain}, form or multipart bodies, with the credentials the browser holds,
     * without asking this server first; {@code application/json} it can send only after a
     * preflight this server never grants. So no other type is executed.
     */
    static void requireJson(String contentType) {
        if (contentType == null) {
            throw new PlanetLabException(ErrorCode.MALFORMED_REQUEST,
                    "no Content-Type: send the parameters as a JSON object with Content-Type: application/json");
        }
        String[] parts = contentType.split(";");
        if (!parts[0].strip().equalsIgnoreCase(CONTENT_TYPE)) {
            throw new PlanetLabException(ErrorCode.MALFORMED_REQUEST, "Content-Type " + abbreviate(parts[0].strip())
                    + " is not accepted: send the parameters as a JSON object with Content-Type: application/json");
        }
        for (int index = 1; index < parts.length; index++) {
            String parameter = parts[index].strip();
            if (parameter.regionMatches(true, 0, "charset=", 0, 8)
                    && !parameter.substring(8).replace("\"", "").equalsIgnoreCase("utf-8")) {
                throw new PlanetLabException(ErrorCode.MALFORMED_REQUEST, "Content-Type charset " + abbreviate(parameter.substring(8))
                        + " is not accepted: JSON is sent in UTF-8");
            }
        }
    }

    private static String abbreviate(String text) {
        String printable = text.codePoints().filter(c -> c >= 0x20 && c < 0x7f)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        return '"' + (printable.length() > 60 ? printable.substring(0, 60) + "..." : printable) + '"';
    }

    private Map<String, Object> parameters(byte[] body) {
        if (body.length == 0) {
            return new LinkedHashMap<>();
        }
        Object decoded = json.read(body);
        if (!(decoded instanceof Map<?, ?> object)) {
            throw new PlanetLabException(ErrorCode.MALFORMED_REQUEST,
                    "the body must be a JSON object of named parameters, e.g. {\"site_fields\": {...}}");
        }
        Map<String, Object> params = new LinkedHashMap<>();
        object.forEach((key, value) -> params.put((String) key, value));
        return params;
    }

    private static Object auth(Object bodyAuth, RequestContext context) {
        String header = context.header("Authorization").orElse(null);
        if (header != null && header.regionMatches(true, 0, "PlanetLab-Node ", 0, 15)) {
            // A node's signature covers the whole request; the auth member, if any, names the node.
            return bodyAuth != null ? bodyAuth : Map.of("AuthMethod", "hmac");
        }
        if (bodyAuth != null && header != null) {
            throw PlanetLabException.invalidArgument("give credentials either in the Authorization header or in auth, not both");
        }
        if (bodyAuth != null) {
            return bodyAuth;
        }
        if (header == null) {
            return Map.of("AuthMethod", "anonymous");
        }
        int space = header.indexOf(' ');
        String scheme = (space < 0 ? header : header.substring(0, space)).toLowerCase(Locale.ROOT);
        String value = space < 0 ? "" : header.substring(space + 1).strip();
        return switch (scheme) {
            case "bearer" -> Map.of("AuthMethod", "session", "session", value);
            case "basic" -> basic(value);
            default -> throw new PlanetLabException(ErrorCode.AUTHENTICATION_FAILED,
                    "Authorization: unsupported scheme; use Bearer <session key> or Basic <email:password>");
        };
    }

    private static Map<String, Object> basic(String encoded) {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new PlanetLabException(ErrorCode.AUTHENTICATION_FAILED, "Authorization: Basic credentials are not base64");
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            throw new PlanetLabException(ErrorCode.AUTHENTICATION_FAILED, "Authorization: Basic credentials lack a ':'");
        }
        return Map.of("AuthMethod", "password", "Username", decoded.substring(0, colon),
                "AuthString", decoded.substring(colon + 1));
    }

    private void describe(String methodName, Response response, Callback callback) {
        Object description;
        if (methodName.isEmpty()) {
            description = Map.of("methods", MethodCatalog.all().stream().map(CatalogJson::describe).toList());
        } else {
            description = CatalogJson.describe(MethodCatalog.lookup(methodName).orElseThrow(() ->
                    new PlanetLabException(ErrorCode.UNKNOWN_METHOD, "unknown method \"" + methodName + "\"")));
        }
        HttpExchange.send(response, callback, 200, CONTENT_TYPE, json.write(description));
    }

    private void sendError(Response response, Callback callback, PlanetLabException error) {
        HttpExchange.send(response, callback, JsonErrors.status(error.code()), CONTENT_TYPE,
                json.write(JsonErrors.body(error)));
    }
}
