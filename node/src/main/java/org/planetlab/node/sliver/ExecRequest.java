package org.planetlab.node.sliver;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;

/**
 * A command to run inside a running sliver.
 *
 * @param command program and arguments, looked up on the sliver's PATH
 * @param uid uid inside the sliver (0 is the sliver's root, powerless outside it)
 * @param gid gid inside the sliver
 * @param workingDirectory inside the sliver; {@code /} if it does not exist
 * @param environment the whole environment; empty for a default PATH
 * @param pty the caller gives the command a terminal as its standard streams: the command is made a
 *     session leader with that terminal as its controlling terminal ({@code setsid -c}, in the
 *     sliver's image: busybox and util-linux both have it), so job control and ^C work
 */
public record ExecRequest(List<String> command, long uid, long gid, String workingDirectory, Map<String, String> environment, boolean pty) {
    public ExecRequest {
        command = List.copyOf(requireNonNull(command, "command is null"));
        if (command.isEmpty()) {
            throw new IllegalArgumentException("command is empty");
        }
        if (uid < 0 || gid < 0 || uid > 65_535 || gid > 65_535) {
            throw new IllegalArgumentException("uid and gid must be 0 to 65535, the sliver's range");
        }
        requireNonNull(workingDirectory, "workingDirectory is null");
        environment = Map.copyOf(requireNonNull(environment, "environment is null"));
    }

    /** Runs {@code command} as the sliver's root in {@code /root}, without a terminal. */
    public static ExecRequest asRoot(List<String> command) {
        return new ExecRequest(command, 0, 0, "/root", Map.of(), false);
    }
}
