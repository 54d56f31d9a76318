package org.planetlab.cli.config;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.net.http.HttpClient;
import org.planetlab.api.client.Credentials;
import org.planetlab.api.client.PlcClient;

/**
 * The PLC to call: its address, the encoding, and the HTTP client (which decides which TLS
 * certificates are trusted).
 *
 * @param url the PLC address
 * @param encoding the wire encoding
 * @param http the HTTP client
 */
record Server(URI url, PlcClient.Encoding encoding, HttpClient http) {
    Server {
        requireNonNull(url, "url is null");
        requireNonNull(encoding, "encoding is null");
        requireNonNull(http, "http is null");
    }

    Connection as(Credentials credentials, String identity) {
        return new Connection(url, credentials, encoding, identity, http);
    }
}
