package org.planetlab.plc.auth;

import java.util.List;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;

/**
 * Establishes which node signed a request with its node key. Implementations check the
 * signature over the whole HTTP request, its freshness and the source address.
 */
@FunctionalInterface
public interface NodeRequestAuthenticator {
    /** The node that signed a request, and its site. */
    record SignedBy(long nodeId, long siteId) {}

    /**
     * Returns the node that signed {@code request}.
     *
     * @param handle the call's read transaction, opened only if the node must be looked up
     * @throws org.planetlab.api.error.PlanetLabException with AUTHENTICATION_FAILED otherwise
     */
    SignedBy authenticate(Supplier<Handle> handle, RequestContext request);

    /**
     * Returns the node whose key gives {@code value} as the digest of a call's arguments, in
     * PLCAPI's {@code hmac} auth struct ({@link FlattenedArgumentsHmac}).
     *
     * @param args the call's arguments after auth, as received
     * @throws org.planetlab.api.error.PlanetLabException with AUTHENTICATION_FAILED otherwise
     */
    default SignedBy authenticateArguments(Supplier<Handle> handle, long nodeId, String value, List<?> args,
            RequestContext request) {
        throw new PlanetLabException(ErrorCode.AUTHENTICATION_FAILED,
                "node authentication by the hmac auth struct is not available on this server");
    }
}
