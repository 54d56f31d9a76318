package org.planetlab.plc.auth;

import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;

/**
 * Establishes which peering PLC signed a request with its key (AuthMethod {@code peer}).
 * Implementations check the signature over the whole HTTP request against the key registered
 * for the peer, its freshness, and that it was not seen before.
 */
@FunctionalInterface
public interface PeerRequestAuthenticator {
    /** Refuses every peer request: for servers that do not peer. */
    PeerRequestAuthenticator NONE = (handle, request) -> {
        throw new PlanetLabException(ErrorCode.AUTHENTICATION_FAILED, "this server does not accept peer requests");
    };

    /** The peer that signed a request. */
    record SignedBy(long peerId, String peerName) {}

    /**
     * Returns the peer that signed {@code request}.
     *
     * @throws PlanetLabException with AUTHENTICATION_FAILED otherwise
     */
    SignedBy authenticate(Supplier<Handle> handle, RequestContext request);
}
