package org.planetlab.boot.manager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.planetlab.api.monitor.AgentRelease;

/** Starts the installed node agent; the boot manager's last step in boot. */
@FunctionalInterface
public interface AgentStarter {
    /**
     * @param launcher the release's {@value NodeDisk#AGENT_LAUNCHER}
     * @param config the agent's configuration file
     * @param log where its output goes (appended)
     */
    Process start(Path launcher, Path config, Path log);

    /**
     * Runs the launcher as a process of its own, which outlives the boot manager, telling the
     * agent the number of the release it runs ({@link AgentRelease#VARIABLE}) for its heartbeats.
     */
    AgentStarter PROCESS = (launcher, config, log) -> {
        try {
            ProcessBuilder builder = new ProcessBuilder(launcher.toString(), "--config", config.toString());
            NodeDisk.releaseIn(launcher.getParent()).ifPresentOrElse(
                    number -> builder.environment().put(AgentRelease.VARIABLE, Long.toString(number)),
                    () -> builder.environment().remove(AgentRelease.VARIABLE));
            return builder
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the node agent " + launcher, e);
        }
    };
}
