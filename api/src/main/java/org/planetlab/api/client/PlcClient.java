package org.planetlab.api.client;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.api.catalog.MethodCatalog;
import org.planetlab.api.catalog.RetiredMethods;
import org.planetlab.api.method.MethodSpec;
import org.planetlab.api.wire.JsonCodec;
import org.planetlab.api.wire.JsonErrors;
import org.planetlab.api.wire.XmlRpcFaults;
import org.planetlab.api.wire.XmlRpcReader;
import org.planetlab.api.wire.XmlRpcResponse;
import org.planetlab.api.wire.XmlRpcWriter;

/**
 * A client of the PLC API over either encoding. Calls take the method's parameters after
 * {@code auth}, which the client adds from its {@link Credentials}; failures come back as
 * {@link PlanetLabException} with the server's message and exact code, over either encoding.
 */
public final class PlcClient {
    /** Which encoding to speak. */
    public enum Encoding {
        XML_RPC,
        JSON,
    }

    private final URI base;
    private final Credentials credentials;
    private final Encoding encoding;
    private final HttpClient http;
    private final RequestSigner signer;
    private final Duration timeout;
    private final JsonCodec json = new JsonCodec();
    private final XmlRpcWriter xmlWriter = new XmlRpcWriter();
    private final XmlRpcReader xmlReader = new XmlRpcReader();

    /**
     * @param base the server, e.g. {@code http://127.0.0.1:8080}
     * @param http the HTTP client (its TLS settings decide which server certificates are trusted)
     */
    public PlcClient(URI base, Credentials credentials, Encoding encoding, HttpClient http, RequestSigner signer,
            Duration timeout) {
        this.base = requireNonNull(base, "base is null");
        this.credentials = requireNonNull(credentials, "credentials is null");
        this.encoding = requireNonNull(encoding, "encoding is null");
        this.http = requireNonNull(http, "http is null");
        this.signer = requireNonNull(signer, "signer is null");
        this.timeout = requireNonNull(timeout, "timeout is null");
    }

    /**
     * A client of a PLC served over plain HTTP (tests, a TLS proxy on the same host). Over TLS,
     * build the client with an {@link HttpClient} that trusts exactly PLC's CA (the trust
     * module's {@code TlsContexts}): the system's trust store is never used.
     */
    public static PlcClient create(URI base, Credentials credentials, Encoding encoding) {
        if ("https".equalsIgnoreCase(base.getScheme())) {
            throw new PlanetLabException(ErrorCode.INVALID_ARGUMENT, "a client of " + base
                    + " must trust PLC's certificate authority, not the system's; build it with a pinned HttpClient");
        }
        return new PlcClient(base, credentials, encoding,
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build(), RequestSigner.NONE,
                Duration.ofSeconds(60));
    }

    /** The same server and encoding with other credentials. */
    public PlcClient as(Credentials other) {
        return new PlcClient(base, other, encoding, http, signer, timeout);
    }

    public Credentials credentials() {
        return credentials;
    }

    /** Calls a method with its parameters after auth (system methods take none). */
    public Object call(String method, Object... params) {
        // Parameters may be nil, which List.of refuses.
        return callWith(method, java.util.Arrays.asList(params));
    }

    /**
     * Calls a method with its parameters given as a list. (Named apart from {@link #call} so
     * that a single list argument, such as a filter of ids, is never taken for the list of
     * parameters.)
     */
    public Object callWith(String method, List<?> params) {
        return encoding == Encoding.XML_RPC ? callXmlRpc(method, params) : callJson(method, params);
    }

    private Object callXmlRpc(String method, List<?> params) {
        List<Object> args = new ArrayList<>();
        if (!method.startsWith("system.")) {
            args.add(credentials.authStruct());
        }
        args.addAll(params);
        byte[] body = xmlWriter.writeCall(method, args);
        HttpResponse<byte[]> response = post("/PLCAPI/", "text/xml", body);
        if (response.statusCode() != 200) {
            throw new PlanetLabException(ErrorCode.UNAVAILABLE, "PLC answered HTTP " + response.statusCode());
        }
        XmlRpcResponse decoded = xmlReader.readResponse(response.body());
        return switch (decoded) {
            case XmlRpcResponse.Success success -> success.value();
            case XmlRpcResponse.Fault fault -> throw XmlRpcFaults.exception(fault);
        };
    }

    private Object callJson(String method, List<?> params) {
        MethodSpec spec = MethodCatalog.lookup(method).orElseThrow(() -> new PlanetLabException(
                ErrorCode.UNKNOWN_METHOD, RetiredMethods.reason(method)
                        .map(reason -> method + " is not offered: " + reason).orElse("unknown method " + method)));
        if (params.size() > spec.params().size()) {
            throw new PlanetLabException(ErrorCode.WRONG_ARGUMENT_COUNT, "%s takes at most %d parameters, got %d"
                    .formatted(method, spec.params().size(), params.size()));
        }
        Map<String, Object> named = new LinkedHashMap<>();
        if (spec.takesAuth()) {
            named.put("auth", credentials.authStruct());
        }
        for (int index = 0; index < params.size(); index++) {
            named.put(spec.params().get(index).name(), params.get(index));
        }
        HttpResponse<byte[]> response = post("/api/v1/" + method, "application/json", json.write(named));
        Object decoded;
        try {
            decoded = json.read(response.body());
        } catch (PlanetLabException e) {
            throw new PlanetLabException(ErrorCode.UNAVAILABLE, "the server at " + base + " answered HTTP "
                    + response.statusCode() + " with something other than the PLC API; check the URL", e);
        }
        if (decoded instanceof Map<?, ?> answer && answer.containsKey("result")) {
            return answer.get("result");
        }
        if (decoded instanceof Map<?, ?> answer && answer.get("error") instanceof Map<?, ?> error) {
            throw JsonErrors.exception(error);
        }
        throw new PlanetLabException(ErrorCode.UNAVAILABLE, "PLC answered HTTP " + response.statusCode()
                + " without a result or an error");
    }

    private HttpResponse<byte[]> post(String path, String contentType, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .timeout(timeout)
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        signer.headers("POST", path, body).forEach(request::header);
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            String message = "cannot reach PLC at " + base + ": " + describe(e);
            if (UntrustedCertificateException.isCause(e)) {
                throw new UntrustedCertificateException(message, e);
            }
            throw new PlanetLabException(ErrorCode.UNAVAILABLE, message, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PlanetLabException(ErrorCode.UNAVAILABLE, "interrupted while calling PLC", e);
        }
    }

    private static String describe(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
