package org.planetlab.am.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.planetlab.api.wire.XmlRpcReader;
import org.planetlab.api.wire.XmlRpcResponse;
import org.planetlab.api.wire.XmlRpcWriter;
import org.planetlab.trust.tls.TlsContexts;
import org.planetlab.trust.tls.TlsIdentity;

/** A GENI client in Java: XML-RPC over TLS with the user's GID as client certificate. */
public final class AmClient {
    private final URI uri;
    private final HttpClient http;

    AmClient(int port, X509Certificate serverCa, TlsIdentity identity) {
        this(port, serverCa, Optional.of(identity));
    }

    AmClient(int port, X509Certificate serverCa, Optional<TlsIdentity> identity) {
        this.uri = URI.create("https://localhost:" + port + "/");
        this.http = TlsContexts.httpClient(TlsContexts.client(serverCa, identity, new SecureRandom()), Duration.ofSeconds(10));
    }

    /** Calls {@code method} and returns the decoded response (a result struct or a fault). */
    public XmlRpcResponse raw(String method, Object... params) throws Exception {
        byte[] body = new XmlRpcWriter().writeCall(method, Arrays.asList(params));
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(uri).header("Content-Type", "text/xml")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("HTTP " + response.statusCode());
        }
        return new XmlRpcReader().readResponse(response.body());
    }

    /** Calls {@code method}; the answer must be an AM API result struct. */
    @SuppressWarnings("unchecked")
    public Result call(String method, Object... params) throws Exception {
        XmlRpcResponse response = raw(method, params);
        if (!(response instanceof XmlRpcResponse.Success success)) {
            throw new IllegalStateException(method + " answered with a fault: " + response);
        }
        return new Result((Map<String, Object>) success.value());
    }

    /** An AM API answer. */
    public record Result(Map<String, Object> answer) {
        @SuppressWarnings("unchecked")
        public int geniCode() {
            return ((Number) ((Map<String, Object>) answer.get("code")).get("geni_code")).intValue();
        }

        public Object value() {
            return answer.get("value");
        }

        @SuppressWarnings("unchecked")
        public Map<String, Object> struct() {
            return (Map<String, Object>) answer.get("value");
        }

        @SuppressWarnings("unchecked")
        public List<Map<String, Object>> list() {
            return (List<Map<String, Object>>) answer.get("value");
        }

        public String output() {
            return String.valueOf(answer.get("output"));
        }

        @Override
        public String toString() {
            return "geni_code " + geniCode() + ": " + output();
        }
    }
}
