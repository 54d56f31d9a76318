package org.planetlab.node.pod;

import java.time.Clock;
import java.util.Optional;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.node.config.NodeAgentConfig;
import org.planetlab.trust.node.PlnodeConfig;
import org.planetlab.trust.node.PlnodeFile;

/** The agent's ping-of-death listener, started before anything else of the agent. */
public final class NodePod {
    private NodePod() {}

    /** Starts the listener the config asks for ({@code pod-port}); empty when it asks for none. */
    public static Optional<PodListener> start(NodeAgentConfig config) {
        Optional<PodSettings> settings = PodSettings.from(config.network());
        if (settings.isEmpty()) {
            return Optional.empty();
        }
        if (config.services().plnodeFile().isEmpty()) {
            throw PlanetLabException.invalidArgument("node agent config pod-port: needs plnode-file, whose node key"
                    + " authenticates pings of death");
        }
        PlnodeConfig plnode = PlnodeFile.read(config.services().plnodeFile().get());
        return Optional.of(PodListener.start(settings.get(), plnode.nodeId(), plnode.nodeKey(),
                config.stateDirectory().resolve("pod").resolve("last-sequence"),
                new CommandRebootAction(settings.get().action()), Clock.systemUTC()));
    }
}
