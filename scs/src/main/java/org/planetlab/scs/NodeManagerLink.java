package org.planetlab.scs;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import org.planetlab.api.nodemanager.NodeManagerClient;
import org.planetlab.api.nodemanager.NodeManagerConnectionLost;
import org.planetlab.api.nodemanager.NodeManagerOperation;

/**
 * The service's connection to the node manager, shared by its threads: one call at a time,
 * reconnected when the agent restarted. The node manager knows the service by its uid, so
 * nothing the service sends can make it another slice.
 */
final class NodeManagerLink implements AutoCloseable {
    private final Path socket;
    private NodeManagerClient client;

    NodeManagerLink(Path socket) {
        this.socket = requireNonNull(socket, "socket is null");
    }

    synchronized <Q, R> R call(NodeManagerOperation<Q, R> operation, Q request) {
        if (client == null) {
            client = NodeManagerClient.connect(socket);
        }
        try {
            return client.call(operation, request);
        } catch (NodeManagerConnectionLost e) {
            closeClient();
            throw e;
        }
    }

    private void closeClient() {
        try {
            client.close();
        } catch (RuntimeException ignored) {
            // The connection is gone either way.
        }
        client = null;
    }

    @Override
    public synchronized void close() {
        if (client != null) {
            closeClient();
        }
    }
}
