package org.planetlab.node.slices;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Map;
import org.planetlab.api.wire.JsonCodec;
import org.planetlab.trust.tls.TlsContexts;

/** A user's client of a node's ticket endpoint, trusting only PLC's CA. */
final class ScsClient {
    /** An answer: the HTTP status and the JSON body. */
    record Answer(int status, Map<?, ?> body) {
        String errorCode() {
            return body.get("error") instanceof Map<?, ?> error ? (String) error.get("code") : "";
        }

        String errorMessage() {
            return body.get("error") instanceof Map<?, ?> error ? (String) error.get("message") : "";
        }
    }

    private final HttpClient http;
    private final URI base;
    private final JsonCodec codec = new JsonCodec();

    ScsClient(String address, int port, X509Certificate plcCa) {
        this.http = TlsContexts.httpClient(TlsContexts.client(plcCa, new SecureRandom()), Duration.ofSeconds(10));
        this.base = URI.create("https://" + address + ":" + port + "/scs/v1/");
    }

    Answer call(String method, Map<String, ?> body) {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(method)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(codec.write(body))).build();
        try {
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            return new Answer(response.statusCode(), (Map<?, ?>) codec.read(response.body()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
