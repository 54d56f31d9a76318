package org.planetlab.cli.config;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import org.planetlab.api.client.Credentials;
import org.planetlab.api.client.PlcClient;

/**
 * Where and as whom {@code pl} calls PLC.
 *
 * @param url the PLC address
 * @param credentials the credentials every call carries
 * @param encoding the wire encoding
 * @param identity who the credentials are and where they came from, for messages (never the secret)
 */
public record Connection(URI url, Credentials credentials, PlcClient.Encoding encoding, String identity) {
    public Connection {
        requireNonNull(url, "url is null");
        requireNonNull(credentials, "credentials is null");
        requireNonNull(encoding, "encoding is null");
        requireNonNull(identity, "identity is null");
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
        return PlcClient.create(url, credentials, encoding);
    }
}
