package org.planetlab.plc.peer;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.planetlab.plc.auth.PeerRequestAuthenticator;
import org.planetlab.plc.auth.RequestContext;
import org.planetlab.trust.key.Pem;
import org.planetlab.trust.node.NonceCache;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks the requests of peering PLCs ({@link PeerSignature}): the header parses, the timestamp
 * is within five minutes of this server's clock, the named peer is registered, the signature
 * verifies against the public key registered for it (AddPeer) over this request sent to this PLC,
 * and its nonce was not used before. Thread-safe.
 */
public final class PeerRequests implements PeerRequestAuthenticator {
    private static final Logger LOG = LoggerFactory.getLogger(PeerRequests.class);
    static final Duration WINDOW = Duration.ofSeconds(300);

    private final String ownName;
    private final Clock clock;
    private final NonceCache nonces;

    /** @param ownName this PLC's peer name, which a request must be signed for */
    public PeerRequests(String ownName, Clock clock) {
        this.ownName = requireNonNull(ownName, "ownName is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.nonces = new NonceCache(clock, 10_000);
    }

    @Override
    public SignedBy authenticate(Supplier<Handle> handle, RequestContext request) {
        try {
            return verify(handle, request);
        } catch (RuntimeException e) {
            LOG.warn("refused a peer request from {}: {}", request.remoteAddress().getHostAddress(), e.getMessage());
            throw e;
        }
    }

    private SignedBy verify(Supplier<Handle> handle, RequestContext request) {
        PeerSignature claimed = PeerSignature.parse(request.header("Authorization").orElse(null));
        Instant now = clock.instant();
        Duration skew = Duration.between(now, claimed.timestamp());
        if (skew.abs().compareTo(WINDOW) > 0) {
            throw PeerSignature.refused("its timestamp is %d s in the %s; at most %d s of clock difference is allowed"
                    .formatted(skew.abs().toSeconds(), skew.isNegative() ? "past" : "future", WINDOW.toSeconds()));
        }
        Peers.PeerRecord peer = Peers.byName(handle.get(), claimed.caller()).orElseThrow(() -> PeerSignature.refused(
                "no peer named \"" + claimed.caller() + "\" is registered here (AddPeer)"));
        boolean valid;
        try {
            valid = claimed.verifies(Pem.readPublicKey(peer.publicKey()), ownName, request.httpMethod(),
                    request.pathAndQuery(), request.body());
        } catch (RuntimeException e) {
            valid = false;
        }
        if (!valid) {
            throw PeerSignature.refused("the signature does not verify with the key registered for peer \""
                    + peer.peername() + "\" over this request to \"" + ownName + "\": wrong key, or the request was"
                    + " changed or meant for another PLC");
        }
        if (!nonces.record(peer.peerId(), claimed.nonce(), claimed.timestamp().plus(WINDOW))) {
            throw PeerSignature.refused("its nonce was already used: the request is a replay");
        }
        return new SignedBy(peer.peerId(), peer.peername());
    }
}
