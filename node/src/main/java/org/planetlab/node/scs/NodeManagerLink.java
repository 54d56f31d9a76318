package org.planetlab.node.scs;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.planetlab.node.manager.NodeManagerClient;
import org.planetlab.node.manager.NodeManagerConnectionLost;

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

    synchronized Object call(String method, Map<String, ?> params) {
        if (client == null) {
            client = NodeManagerClient.connect(socket);
        }
        try {
            return client.call(method, params);
        } catch (NodeManagerConnectionLost e) {
            closeClient();
            throw e;
        }
    }

    Map<?, ?> callForMap(String method, Map<String, ?> params) {
        return (Map<?, ?>) call(method, params);
    }

    List<?> callForList(String method, Map<String, ?> params) {
        return (List<?>) call(method, params);
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
