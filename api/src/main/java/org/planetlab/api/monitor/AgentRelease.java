package org.planetlab.api.monitor;

import java.util.Optional;

/**
 * How a node agent's heartbeats name the node software release it runs (docs/updates.md): the
 * boot manager tells the agent it starts through {@link #VARIABLE}, and the agent reports
 * {@code "VERSION release N"} as its {@code agent_version}, which PLC's rollout gates read.
 */
public final class AgentRelease {
    /** The environment variable holding the number of the release the agent was started from. */
    public static final String VARIABLE = "PLANETLAB_RELEASE";
    private static final String SEPARATOR = " release ";

    private AgentRelease() {}

    /** The agent version to report: {@code version}, with the release when the boot manager named one. */
    public static String agentVersion(String version, Optional<String> release) {
        return release.filter(number -> number.matches("[0-9]{1,18}")).map(number -> version + SEPARATOR + number)
                .orElse(version);
    }

    /** Whether a heartbeat's {@code agent_version} says the agent runs release {@code number}. */
    public static boolean names(String agentVersion, long number) {
        return agentVersion.endsWith(SEPARATOR + number);
    }
}
