package org.planetlab.node.slices;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.planetlab.api.wire.JsonCodec;
import org.planetlab.trust.ticket.RedemptionProof;
import org.planetlab.trust.ticket.TicketXml;
import org.planetlab.trust.tls.TlsContexts;

/**
 * A user's client of a node's ticket endpoint, trusting only PLC's CA; {@link #proven} proves
 * possession of an SSH key as {@code pl ticket redeem} does, with {@code ssh-keygen -Y sign}.
 */
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

    /** The call with the node's fresh challenge signed by {@code identity} (a private key file); answers the body sent too. */
    Proven proven(String method, Map<String, ?> request, Path identity) {
        Map<?, ?> challenge = call("Challenge", Map.of()).body();
        String ticket = (String) request.get("ticket");
        @SuppressWarnings("unchecked")
        List<String> keys = request.get("keys") == null ? List.of() : (List<String>) request.get("keys");
        byte[] message = new RedemptionProof(method, TicketXml.parse(ticket).ticket().id(), (String) challenge.get("node"),
                (String) challenge.get("challenge"), keys).message();
        Map<String, Object> body = new LinkedHashMap<>(request);
        body.put("challenge", challenge.get("challenge"));
        body.put("proof", sign(identity, message));
        return new Proven(call(method, body), body);
    }

    /** An answer to a proven call, and the body that was sent (to replay it). */
    record Proven(Answer answer, Map<String, Object> sent) {}

    private static String sign(Path identity, byte[] message) {
        try {
            Process process = new ProcessBuilder("ssh-keygen", "-q", "-Y", "sign", "-f", identity.toString(), "-n", RedemptionProof.NAMESPACE)
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            try (var input = process.getOutputStream()) {
                input.write(message);
            }
            String signature = new String(process.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            if (process.waitFor() != 0) {
                throw new IllegalStateException("ssh-keygen -Y sign failed with " + identity);
            }
            return signature;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
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
