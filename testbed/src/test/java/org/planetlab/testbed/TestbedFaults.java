package org.planetlab.testbed;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.awaitility.Awaitility;
import org.planetlab.node.host.HostCommand;

/**
 * Faults done to a running testbed's real processes: a node agent killed with SIGKILL (its boot
 * manager starts it again), PLC killed with SIGKILL and started again the way the testbed starts
 * it, a node cut off from PLC and reconnected.
 */
final class TestbedFaults {
    private static final String AGENT_MAIN = "org.planetlab.node.NodeAgentMain";
    private static final String CUT_TABLE = "planetlab_test_cut";
    /** The boot manager's pause before it restarts a crashed agent is a second; its start takes a few more. */
    private static final Duration AGENT_RESTART = Duration.ofSeconds(30);

    private final TestbedLayout layout;
    private final Path root;

    TestbedFaults(TestbedLayout layout, Path root) {
        this.layout = requireNonNull(layout, "layout is null");
        this.root = requireNonNull(root, "root is null");
    }

    /**
     * SIGKILLs the node's agent, as a crash would; its boot manager starts it again a second later
     * ({@link #awaitAgentAgain}). Returns the killed agent's pid.
     */
    long killAgent(TestbedLayout.TestbedNode node) {
        ProcessHandle agent = agent(node).orElseThrow(() -> new IllegalStateException("no node agent runs in "
                + node.namespace()));
        agent.destroyForcibly();
        agent.onExit().join();
        return agent.pid();
    }

    /** Waits until the node's boot manager has started an agent other than {@code killed}. */
    void awaitAgentAgain(TestbedLayout.TestbedNode node, long killed) {
        Awaitility.await("the boot manager of " + node.hostname() + " to start its agent again").atMost(AGENT_RESTART)
                .pollInterval(Duration.ofMillis(100))
                .until(() -> agent(node).map(ProcessHandle::pid).filter(pid -> pid != killed).isPresent());
    }

    /** The node's running agent (not its {@code --shutdown-node} run), if any. */
    private static Optional<ProcessHandle> agent(TestbedLayout.TestbedNode node) {
        String pids = HostCommand.onHost().run(List.of("ip", "netns", "pids", node.namespace()));
        for (String pid : pids.strip().split("\\s+")) {
            if (pid.isEmpty()) {
                continue;
            }
            Optional<ProcessHandle> process = ProcessHandle.of(Long.parseLong(pid));
            String command = commandLine(Long.parseLong(pid));
            if (process.isPresent() && command.contains(AGENT_MAIN) && !command.contains("--shutdown-node")) {
                return process;
            }
        }
        return Optional.empty();
    }

    /** Refuses every connection of the node to PLC's API until {@link #reconnect}. */
    void cutOff(TestbedLayout.TestbedNode node) {
        HostCommand.onHost().runWithInput(List.of("nsenter", "--net=" + node.namespacePath(), "nft", "-f", "-"),
                "table ip " + CUT_TABLE + " {\n chain output {\n  type filter hook output priority 0;\n  ip daddr "
                        + layout.plcAddress() + " tcp dport " + layout.plcPort() + " reject with tcp reset\n }\n}\n");
    }

    void reconnect(TestbedLayout.TestbedNode node) {
        HostCommand.onHost().runAllowingFailure(List.of("nsenter", "--net=" + node.namespacePath(), "nft", "delete", "table",
                "ip", CUT_TABLE), null);
    }

    /** SIGKILLs PLC and starts it again with the same command line; the testbed's {@code down} stops the new one. */
    void killAndRestartPlc() {
        TestbedState state = TestbedState.read(layout.stateFile()).orElseThrow();
        ManagedProcess plc = state.processList().stream().filter(process -> process.name().equals("plc") && process.alive())
                .findFirst().orElseThrow(() -> new IllegalStateException("PLC does not run"));
        List<String> command = Arrays.asList(commandLine(plc.pid()).split("\0"));
        ProcessHandle handle = plc.handle().orElseThrow();
        handle.destroyForcibly();
        handle.onExit().join();
        state.add(ManagedProcess.start("plc", command, plc.log(), root));
    }

    private static String commandLine(long pid) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")), StandardCharsets.UTF_8);
        } catch (IOException e) {
            if (!Files.exists(Path.of("/proc", Long.toString(pid)))) {
                return "";
            }
            throw new UncheckedIOException(e);
        }
    }
}
