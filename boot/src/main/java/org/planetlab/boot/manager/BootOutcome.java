package org.planetlab.boot.manager;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import org.planetlab.boot.debug.DebugSshService;

/**
 * What one run of the boot manager did.
 *
 * @param runLevel the run level reported to PLC: boot, safeboot, disabled (or failboot)
 * @param summary one line for the console
 * @param agent the node agent started in boot
 * @param debugSsh the debug SSH service started in safeboot
 */
public record BootOutcome(String runLevel, String summary, Optional<Process> agent, Optional<DebugSshService> debugSsh) {
    public BootOutcome {
        requireNonNull(runLevel, "runLevel is null");
        requireNonNull(summary, "summary is null");
        requireNonNull(agent, "agent is null");
        requireNonNull(debugSsh, "debugSsh is null");
    }
}
