package org.planetlab.bench.federation;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.planetlab.am.credential.CredentialSigner;
import org.planetlab.am.credential.Privilege;
import org.planetlab.am.gid.GeniAuthority;
import org.planetlab.am.gid.Gid;
import org.planetlab.am.urn.Urn;
import org.planetlab.api.wire.WireLimits;
import org.planetlab.api.wire.XmlRpcReader;
import org.planetlab.api.wire.XmlRpcResponse;
import org.planetlab.api.wire.XmlRpcWriter;
import org.planetlab.trust.key.KeyAlgorithm;
import org.planetlab.trust.tls.TlsContexts;
import org.planetlab.trust.tls.TlsIdentity;

/**
 * A GENI user of PLC's own authority calling the aggregate as the GENI tools do: XML-RPC over
 * TLS with its GID (and the authority's) as client certificate chain, and a user credential
 * signed by PLC's slice authority.
 */
final class GeniCaller {
    /** Advertisements of 1,000 nodes are megabytes; read answers up to 64 MiB. */
    private static final WireLimits ANSWER_LIMITS = new WireLimits(64 * 1024 * 1024, 32, 2_000_000);

    private final URI uri;
    private final HttpClient http;
    private final String userCredential;

    private GeniCaller(URI uri, HttpClient http, String userCredential) {
        this.uri = uri;
        this.http = http;
        this.userCredential = userCredential;
    }

    /** A new user {@code name} of {@code authority}, calling the aggregate on {@code port} whose server CA is {@code serverCa}. */
    static GeniCaller newUser(GeniAuthority authority, String authorityName, String name, int port, X509Certificate serverCa,
            Clock clock) {
        SecureRandom random = new SecureRandom();
        KeyPair keys = KeyAlgorithm.RSA_2048.generate(random);
        Gid gid = authority.issue(new Urn(authorityName, "user", name), keys.getPublic(), Duration.ofDays(1));
        String credential = new CredentialSigner().sign(new CredentialSigner.Content(gid, gid,
                clock.instant().plus(Duration.ofDays(1)), List.of(new Privilege("info", true)), Optional.empty()),
                authority.privateKey(), List.of(authority.gid().certificate()));
        TlsIdentity identity = new TlsIdentity(keys.getPrivate(), List.of(gid.certificate(), authority.gid().certificate()));
        HttpClient http = TlsContexts.httpClient(TlsContexts.client(serverCa, Optional.of(identity), random),
                Duration.ofSeconds(10));
        return new GeniCaller(URI.create("https://localhost:" + port + "/"), http, credential);
    }

    /** ListResources with the user's credential; the advertisement RSpec, or a failure naming the AM's code. */
    @SuppressWarnings("unchecked")
    String listResources(Map<String, Object> options) throws Exception {
        Map<String, Object> credential = Map.of("geni_type", "geni_sfa", "geni_version", "3", "geni_value", userCredential);
        byte[] body = new XmlRpcWriter().writeCall("ListResources", List.of(List.of(credential), options));
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(uri).header("Content-Type", "text/xml")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("ListResources: HTTP " + response.statusCode());
        }
        XmlRpcResponse answer = new XmlRpcReader(ANSWER_LIMITS).readResponse(response.body());
        if (!(answer instanceof XmlRpcResponse.Success success)) {
            throw new IllegalStateException("ListResources answered with a fault: " + answer);
        }
        Map<String, Object> result = (Map<String, Object>) success.value();
        Map<String, Object> code = (Map<String, Object>) result.get("code");
        if (((Number) code.get("geni_code")).intValue() != 0) {
            throw new IllegalStateException("ListResources answered geni_code " + code.get("geni_code") + ": "
                    + result.get("output"));
        }
        return (String) result.get("value");
    }
}
