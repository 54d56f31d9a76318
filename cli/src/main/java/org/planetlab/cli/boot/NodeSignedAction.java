package org.planetlab.cli.boot;

import java.nio.file.Path;
import java.util.Map;
import org.planetlab.api.client.Credentials;
import org.planetlab.api.client.RequestSigner;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.cli.command.Action;
import org.planetlab.cli.command.CommandContext;
import org.planetlab.cli.command.ExtraOption;
import org.planetlab.cli.command.Invocation;
import org.planetlab.trust.node.NodeRequestSigner;
import org.planetlab.trust.node.PlnodeConfig;
import org.planetlab.trust.node.PlnodeFile;

/**
 * Calls a boot server method as a node: every request is signed with the node key from the
 * node's {@code plnode.txt} (Architecture section 4.8.2), as the boot manager does, so that an
 * operator or tech on the node can see what the boot server tells it.
 */
public final class NodeSignedAction implements Action {
    public static final ExtraOption PLNODE = new ExtraOption("--plnode", "FILE",
            "The node's plnode.txt (mode 0600): its node id and node key sign the request. Required.");

    @Override
    public Object run(Invocation invocation) {
        CommandContext context = invocation.context();
        String file = invocation.option(PLNODE.name());
        if (file == null) {
            throw context.usageError("missing required option " + PLNODE.name() + "=FILE (the node's plnode.txt)");
        }
        PlnodeConfig node;
        try {
            node = PlnodeFile.read(Path.of(file));
        } catch (PlanetLabException e) {
            // A local file's problem, not PLC's answer.
            throw context.usageError(e.getMessage());
        }
        NodeRequestSigner signer = NodeRequestSigner.of(node, context.terminal().clock(), context.random());
        RequestSigner headers = (method, target, body) -> Map.of("Authorization", signer.authorization(method, target, body));
        return context.anonymousConnection().client(new Credentials.Node(node.nodeId()), headers)
                .callWith(invocation.method().name(), invocation.arguments());
    }
}
