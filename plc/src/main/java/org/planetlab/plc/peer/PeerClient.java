package org.planetlab.plc.peer;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.planetlab.api.client.UntrustedCertificateException;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.api.wire.WireLimits;
import org.planetlab.api.wire.XmlRpcFaults;
import org.planetlab.api.wire.XmlRpcReader;
import org.planetlab.api.wire.XmlRpcResponse;
import org.planetlab.api.wire.XmlRpcWriter;
import org.planetlab.trust.key.Pem;
import org.planetlab.trust.node.NodeRequestSigner;
import org.planetlab.trust.tls.TlsContexts;

/**
 * Calls a peer's GetPeerData over HTTPS, as this PLC: the connection trusts only the CA
 * registered for the peer (so a server whose certificate does not chain to it is never sent the
 * request), the request is signed with this PLC's peer key for that peer ({@link PeerSignature}),
 * and at most {@link PeerSettings#maxDataBytes()} of the answer are read.
 */
final class PeerClient {
    private final PeerKey key;
    private final PeerSettings settings;
    private final Clock clock;
    private final SecureRandom random;

    PeerClient(PeerKey key, PeerSettings settings, Clock clock, SecureRandom random) {
        this.key = requireNonNull(key, "key is null");
        this.settings = requireNonNull(settings, "settings is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.random = requireNonNull(random, "random is null");
    }

    /** The peer's GetPeerData answer, decoded but not yet checked. */
    Object getPeerData(Peers.PeerRecord peer) {
        URI url = URI.create(peer.url());
        X509Certificate ca;
        try {
            ca = Pem.readCertificates(peer.caCertificate()).getFirst();
        } catch (RuntimeException e) {
            throw PlanetLabException.invalidArgument("the CA certificate registered for peer " + peer.peername()
                    + " cannot be read: " + e.getMessage() + "; fix it with UpdatePeer");
        }
        Map<String, Object> auth = new LinkedHashMap<>();
        auth.put("AuthMethod", "peer");
        auth.put("name", settings.name());
        byte[] body = new XmlRpcWriter().writeCall("GetPeerData", List.of(auth));
        byte[] nonce = new byte[16];
        random.nextBytes(nonce);
        PeerSignature signature = PeerSignature.sign(key.privateKey(), settings.name(), peer.peername(),
                clock.instant().truncatedTo(ChronoUnit.SECONDS),
                Base64.getUrlEncoder().withoutPadding().encodeToString(nonce),
                "POST", NodeRequestSigner.target(url), body);
        HttpRequest request = HttpRequest.newBuilder(url).timeout(settings.timeout())
                .header("Content-Type", "text/xml")
                .header("Authorization", signature.headerValue())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        byte[] answer;
        try (HttpClient http = TlsContexts.httpClient(TlsContexts.client(ca, random), settings.timeout())) {
            answer = send(http, request, peer);
        }
        XmlRpcResponse decoded;
        try {
            decoded = new XmlRpcReader(new WireLimits((int) settings.maxDataBytes(), WireLimits.DEFAULT.maxDepth(),
                    Integer.MAX_VALUE)).readResponse(answer);
        } catch (PlanetLabException e) {
            throw new PlanetLabException(ErrorCode.INVALID_ARGUMENT, "peer " + peer.peername() + " answered GetPeerData"
                    + " with something that is not an XML-RPC answer: " + e.getMessage(), e);
        }
        return switch (decoded) {
            case XmlRpcResponse.Success success -> success.value();
            case XmlRpcResponse.Fault fault -> throw new PlanetLabException(ErrorCode.UNAVAILABLE, "peer "
                    + peer.peername() + " refused GetPeerData: " + XmlRpcFaults.exception(fault).getMessage()
                    + " (does it have this PLC registered as \"" + settings.name() + "\" with this PLC's peer key?)");
        };
    }

    private byte[] send(HttpClient http, HttpRequest request, Peers.PeerRecord peer) {
        try {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                byte[] read = body.readNBytes((int) settings.maxDataBytes() + 1);
                if (read.length > settings.maxDataBytes()) {
                    throw new PlanetLabException(ErrorCode.REQUEST_TOO_LARGE, "peer " + peer.peername() + "'s GetPeerData"
                            + " answer is larger than peer.max-data-bytes (" + settings.maxDataBytes() + " bytes);"
                            + " nothing was changed; raise the limit if the peer is that large");
                }
                if (response.statusCode() != 200) {
                    throw new PlanetLabException(ErrorCode.UNAVAILABLE, "peer " + peer.peername() + " at " + peer.url()
                            + " answered HTTP " + response.statusCode() + "; check its peer_url");
                }
                return read;
            }
        } catch (IOException e) {
            String message = "cannot reach peer " + peer.peername() + " at " + peer.url() + ": "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
            if (UntrustedCertificateException.isCause(e)) {
                throw new PlanetLabException(ErrorCode.UNAVAILABLE, message + "; its TLS certificate does not chain to"
                        + " the CA registered for it (ca_certificate): nothing was sent or changed", e);
            }
            throw new PlanetLabException(ErrorCode.UNAVAILABLE, message, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PlanetLabException(ErrorCode.UNAVAILABLE, "interrupted while calling peer " + peer.peername(), e);
        }
    }
}
