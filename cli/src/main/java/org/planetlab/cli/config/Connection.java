package org.planetlab.cli.config;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import org.planetlab.api.client.Credentials;
import org.planetlab.api.client.PlcClient;
import org.planetlab.api.client.RequestSigner;

/**
 * Where and as whom {@code pl} calls PLC.
 *
 * @param url the PLC address
 * @param credentials the credentials every call carries
 * @param encoding the wire encoding
 * @param identity who the credentials are and where they came from, for messages (never the secret)
 * @param http the HTTP client; for https it trusts PLC's CA if one was configured
 */
public record Connection(URI url, Credentials credentials, PlcClient.Encoding encoding, String identity, HttpClient http) {
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);

    public Connection {
        requireNonNull(url, "url is null");
        requireNonNull(credentials, "credentials is null");
        requireNonNull(encoding, "encoding is null");
        requireNonNull(identity, "identity is null");
        requireNonNull(http, "http is null");
    }

    /** Who is calling, in a few words: the e-mail address, "this session" or "anyone". */
    public String who() {
        return switch (credentials) {
            case Credentials.Password password -> password.email();
            case Credentials.Session ignored -> "this session";
            case Credentials.Anonymous ignored -> "anyone";
            case Credentials.Node node -> "node " + node.nodeId();
        };
    }

    public boolean isAnonymous() {
        return credentials instanceof Credentials.Anonymous;
    }

    public PlcClient client() {
        return new PlcClient(url, credentials, encoding, http, RequestSigner.NONE, CALL_TIMEOUT);
    }

    /** A client with other credentials whose requests {@code signer} authenticates, e.g. a node's. */
    public PlcClient client(Credentials other, RequestSigner signer) {
        return new PlcClient(url, other, encoding, http, signer, CALL_TIMEOUT);
    }
}
