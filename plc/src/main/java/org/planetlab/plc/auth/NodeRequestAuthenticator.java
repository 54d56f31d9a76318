package org.planetlab.plc.auth;

import org.jdbi.v3.core.Handle;

/**
 * Establishes which node signed a request with its node key. Implementations check the
 * signature over the whole HTTP request, its freshness and the source address.
 */
@FunctionalInterface
public interface NodeRequestAuthenticator {
    /**
     * Returns the id of the node that signed {@code request}.
     *
     * @throws org.planetlab.api.error.PlanetLabException with AUTHENTICATION_FAILED otherwise
     */
    long authenticate(Handle handle, RequestContext request);
}
