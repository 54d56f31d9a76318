package org.planetlab.scs;

import static java.util.Objects.requireNonNull;

import java.net.http.HttpClient;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Map;
import org.planetlab.api.client.Credentials;
import org.planetlab.api.client.PlcClient;
import org.planetlab.api.client.RequestSigner;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.trust.session.SessionKeySealer;
import org.planetlab.trust.tls.TlsContexts;

/**
 * The service's session at one slice authority (Architecture §5.5): AuthenticateCertificate with
 * the certificate from the node manager, over TLS pinned to the CA the owner named; the session
 * key comes back sealed to the service's key. A call refused because the session ended opens a
 * new one and is made again once.
 */
final class AuthoritySession {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private final SliceAuthority authority;
    private final ServiceKey key;
    private final SecureRandom random;
    private final PlcClient anonymous;
    private PlcClient session;

    /** @param timeout longest call, long polls included */
    AuthoritySession(SliceAuthority authority, ServiceKey key, SecureRandom random, Duration timeout) {
        this.authority = requireNonNull(authority, "authority is null");
        this.key = requireNonNull(key, "key is null");
        this.random = requireNonNull(random, "random is null");
        this.anonymous = new PlcClient(authority.url(), new Credentials.Anonymous(), PlcClient.Encoding.JSON,
                http(authority, random), RequestSigner.NONE, timeout);
    }

    /** TLS that trusts only the CA the owner named for this authority; plain HTTP where its URL says so. */
    private static HttpClient http(SliceAuthority authority, SecureRandom random) {
        if ("http".equals(authority.url().getScheme())) {
            return HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
        }
        return TlsContexts.httpClient(TlsContexts.client(authority.tlsCa(), random), CONNECT_TIMEOUT);
    }

    SliceAuthority authority() {
        return authority;
    }

    Object call(String method, Object... params) {
        PlcClient client = client();
        try {
            return client.call(method, params);
        } catch (PlanetLabException e) {
            if (e.code() != ErrorCode.AUTHENTICATION_FAILED) {
                throw e;
            }
            synchronized (this) {
                if (session == client) {
                    session = null;
                }
            }
            return client().call(method, params);
        }
    }

    private synchronized PlcClient client() {
        if (session == null) {
            Map<?, ?> answer = (Map<?, ?>) anonymous.call("AuthenticateCertificate", key.certificate().xml());
            String sessionKey = new SessionKeySealer(random).open((String) answer.get("session"), key.keys().getPrivate()).encoded();
            session = anonymous.as(new Credentials.Session(sessionKey));
        }
        return session;
    }
}
