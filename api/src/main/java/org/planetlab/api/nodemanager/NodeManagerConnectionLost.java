package org.planetlab.api.nodemanager;

import java.io.IOException;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.IoCauses;
import org.planetlab.api.error.PlanetLabException;

/**
 * The connection to the node manager broke mid-call (the agent restarted, the socket closed).
 * Unlike an answer the node manager gave, it means the connection is unusable: a client that
 * keeps one open reconnects for its next call.
 */
public final class NodeManagerConnectionLost extends PlanetLabException {
    public NodeManagerConnectionLost(IOException cause) {
        super(ErrorCode.UNAVAILABLE, "the node manager connection failed: " + IoCauses.describe(cause), cause);
    }
}
