package org.planetlab.node.pod;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.planetlab.trust.node.PingOfDeath;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reboots by running a command, {@code systemctl reboot --force} unless the node's config names
 * another ({@code pod-action}), such as writing {@code b} to {@code /proc/sysrq-trigger} on a
 * node whose init may be wedged. The command's output goes to the agent's own.
 */
public final class CommandRebootAction implements RebootAction {
    private static final Logger LOG = LoggerFactory.getLogger(CommandRebootAction.class);

    private final List<String> command;

    public CommandRebootAction(List<String> command) {
        this.command = List.copyOf(requireNonNull(command, "command is null"));
        if (this.command.isEmpty()) {
            throw new IllegalArgumentException("the reboot command is empty");
        }
    }

    public List<String> command() {
        return command;
    }

    @Override
    public void reboot(PingOfDeath pod) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.INHERIT).start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                LOG.error("the reboot command {} has not finished after 60 s; the node has not rebooted", command);
            } else if (process.exitValue() != 0) {
                LOG.error("the reboot command {} failed with exit code {}", command, process.exitValue());
            }
        } catch (IOException e) {
            LOG.error("cannot run the reboot command {}: {}", command, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return String.join(" ", command);
    }
}
