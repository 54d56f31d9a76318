package org.planetlab.testbed;

import java.util.List;
import java.util.stream.Collectors;

/**
 * What a reboot, a power loss and a power-on do to a testbed node, as a script: {@code reboot}
 * (no argument) is its ping-of-death listener's {@code pod-action}, {@code off} and {@code on}
 * are run by its PCU. Off kills every process in the node's network namespace (the agent among
 * them) and removes the node's kernel objects as a power loss would (the agent's
 * {@code --shutdown-node}, which keeps the table and the slivers' disks); on starts the agent
 * again, which brings the slivers back. Each step is logged in {@code reboot.log}.
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
                # Testbed node %1$d: reboot (its ping-of-death listener runs this), off and on (its PCU).
                dir=%2$s
                if [ "${1:-reboot}" = reboot ]; then
                  setsid "$0" cycle </dev/null >>"$dir/reboot.log" 2>&1 &
                  exit 0
                fi
                exec 9>"$dir/power.lock"
                flock 9
                off() {
                  echo "$(date -u +%%Y-%%m-%%dT%%H:%%M:%%SZ) power off: every process of the node dies"
                  for pid in $(ip netns pids %3$s); do
                    [ "$pid" = "$$" ] || kill -9 "$pid" 2>/dev/null || true
                  done
                  %4$s 9>&-
                }
                on() {
                  echo "$(date -u +%%Y-%%m-%%dT%%H:%%M:%%SZ) power on: starting the node agent again"
                  setsid %5$s </dev/null >>"$dir/agent.log" 2>&1 9>&- &
                }
                case "$1" in
                  cycle) off; on ;;
                  off) off ;;
                  on) on ;;
                esac
                """.formatted(node.index(), directory, quote(node.namespace()), line(shutdown), line(start));
    }

    /** ipmi_sim's chassis control program: power state in {@code power}, changes by the reboot script. */
    static String chassisControl(TestbedLayout.TestbedNode node) {
        return """
                #!/bin/sh
                # ipmi_sim calls this as "get power" or "set power 0|1" for testbed node %1$d's PCU.
                dir=%2$s
                case "$1 $2" in
                  "get power") echo "power:$(cat "$dir/power" 2>/dev/null || echo 1)" ;;
                  "set power")
                    echo "$3" > "$dir/power"
                    if [ "$3" = 0 ]; then step=off; else step=on; fi
                    setsid "$dir/reboot" "$step" </dev/null >>"$dir/reboot.log" 2>&1 & ;;
                esac
                exit 0
                """.formatted(node.index(), quote(node.directory().toString()));
    }

    private static String line(List<String> command) {
        return command.stream().map(NodeReboot::quote).collect(Collectors.joining(" "));
    }

    private static String quote(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }
}
