package org.planetlab.boot.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.planetlab.node.console.ConsoleLog;

/**
 * Three boots of one node, as the boot manager and the agent share its console directory: the
 * console the agent of the third boot uploads holds the boot manager's lines of the boots before
 * (also of the second, a safeboot that started no agent), around the agent's, in the order they
 * were written, and nothing of the third boot.
 */
class BootConsoleTest {
    private static final int TAIL = 100_000;

    @TempDir
    Path console;

    @Test
    void theConsoleUploadedAfterABootShowsTheBootManagersLinesOfTheBootsBefore() {
        Instant first = Instant.parse("2026-12-07T08:00:00Z");
        try (BootConsole bootManager = BootConsole.open(console)) {
            PrintStream says = bootManager.tee(silent());
            says.println("boot-manager: boot 1: release 1 installed, starting the node agent");
            bootManager.startOver();
            ConsoleLog agent = ConsoleLog.open(console, first, 1 << 20, TAIL);
            assertThat(agent.previous()).as("the node's first boot").isEmpty();
            agent.tee(silent()).println("agent 1: 2 slivers reconciled");
            says.println("boot-manager: boot 1: release 2 checked, nothing to install");
        }

        try (BootConsole bootManager = BootConsole.open(console)) {
            bootManager.tee(silent()).println("boot-manager: boot 2: safeboot, only the debug SSH service runs");
        }

        try (BootConsole bootManager = BootConsole.open(console)) {
            bootManager.tee(silent()).println("boot-manager: boot 3: release 2 installed, starting the node agent");
            bootManager.startOver();
            ConsoleLog agent = ConsoleLog.open(console, first.plusSeconds(600), 1 << 20, TAIL);
            ConsoleLog.PreviousRun previous = agent.previous().orElseThrow();
            assertThat(previous.started()).isEqualTo(first);
            assertThat(previous.tail()).containsSubsequence("boot-manager: boot 1: release 1 installed",
                    "agent 1: 2 slivers reconciled", "boot-manager: boot 1: release 2 checked",
                    "boot-manager: boot 2: safeboot").doesNotContain("boot 3");
            agent.tee(silent()).println("agent 3: running");
        }
    }

    private static PrintStream silent() {
        return new PrintStream(OutputStream.nullOutputStream(), true);
    }
}
