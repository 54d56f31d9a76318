package org.planetlab.testbed;

import java.util.List;
import java.util.stream.Collectors;

/**
 * What a reboot does to a testbed node, as a script its ping-of-death listener runs
 * ({@code pod-action}): it detaches from the agent that runs it, kills every process in the
 * node's network namespace (the agent among them), removes the node's kernel objects as a power
 * loss would (the agent's {@code --shutdown-node}, which keeps the table and the slivers' disks),
 * and starts the agent again, which brings the slivers back.
 */
final class NodeReboot {
    private NodeReboot() {}

    /**
     * @param shutdown the command that removes the node's kernel objects
     * @param start the command that starts the node's agent
     */
    static String script(TestbedLayout.TestbedNode node, List<String> shutdown, List<String> start) {
        String directory = quote(node.directory().toString());
        return """
                #!/bin/sh
                # Testbed node %d reboots (docs/operations.md): run by its ping-of-death listener.
                if [ "${1:-}" != detached ]; then
                  setsid "$0" detached </dev/null >>%s/reboot.log 2>&1 &
                  exit 0
                fi
                echo "$(date -u +%%Y-%%m-%%dT%%H:%%M:%%SZ) rebooting: every process of the node dies"
                for pid in $(ip netns pids %s); do
                  [ "$pid" = "$$" ] || kill -9 "$pid" 2>/dev/null || true
                done
                %s
                echo "$(date -u +%%Y-%%m-%%dT%%H:%%M:%%SZ) starting the node agent again"
                exec %s >>%s/agent.log 2>&1
                """.formatted(node.index(), directory, quote(node.namespace()), line(shutdown), line(start), directory);
    }

    private static String line(List<String> command) {
        return command.stream().map(NodeReboot::quote).collect(Collectors.joining(" "));
    }

    private static String quote(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }
}
