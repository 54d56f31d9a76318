package org.planetlab.plc.auth;

import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;

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
}
