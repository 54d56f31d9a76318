package org.planetlab.node.boot;

import java.net.URI;
import java.net.http.HttpClient;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.planetlab.api.client.Credentials;
import org.planetlab.api.client.PlcClient;
import org.planetlab.api.client.RequestSigner;
import org.planetlab.trust.node.NodeRequestSigner;
import org.planetlab.trust.node.PlnodeConfig;
import org.planetlab.trust.tls.TlsContexts;

/** Clients of PLC's API as the node sees it: TLS pinned to PLC's CA, requests signed with the node key. */
public final class PlcConnection {
    private PlcConnection() {}

    /** An HTTP client trusting only {@code plcCa} for https URLs. */
    public static HttpClient http(URI plcUrl, X509Certificate plcCa, SecureRandom random) {
        if ("http".equals(plcUrl.getScheme())) {
            return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        }
        return TlsContexts.httpClient(TlsContexts.client(plcCa, random), Duration.ofSeconds(10));
    }

    /** The node's own client: every call signed with the node key of plnode.txt (Architecture §4.8.2). */
    public static PlcClient signedByNode(URI plcUrl, X509Certificate plcCa, PlnodeConfig plnode, Clock clock,
            SecureRandom random) {
        NodeRequestSigner signer = NodeRequestSigner.of(plnode, clock, random);
        RequestSigner headers = (method, target, body) -> Map.of("Authorization", signer.authorization(method, target, body));
        return new PlcClient(plcUrl, new Credentials.Node(plnode.nodeId()), PlcClient.Encoding.JSON,
                http(plcUrl, plcCa, random), headers, Duration.ofSeconds(60));
    }
}
