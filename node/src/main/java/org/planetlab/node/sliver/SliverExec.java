package org.planetlab.node.sliver;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;

/**
 * The "exec into a sliver" primitive (what {@code ssh slice@node} lands in): starts a process
 * that joins a running sliver's cgroups and namespaces and becomes the requested uid there. The
 * caller owns the returned process: its standard streams are the command's, its exit code the
 * command's, and killing it (SIGTERM, SIGINT, SIGHUP) is passed on to the command. For a
 * terminal session ({@link ExecRequest#pty()}) the caller opens a pseudo-terminal on the host and
 * redirects the process's standard streams to its slave side.
 */
public final class SliverExec {
    private final SliverRunner runner;
    private final LinuxSliverRuntime runtime;

    public SliverExec(SliverRunner runner, LinuxSliverRuntime runtime) {
        this.runner = requireNonNull(runner, "runner is null");
        this.runtime = requireNonNull(runtime, "runtime is null");
    }

    /** A process builder for the request; the caller may redirect its streams before starting it. */
    public ProcessBuilder builder(String sliver, ExecRequest request) {
        return new ProcessBuilder(command(sliver, request, pid -> runtime.cgroupProcsFiles(sliver)));
    }

    public Process start(String sliver, ExecRequest request) {
        try {
            return builder(sliver, request).start();
        } catch (IOException e) {
            throw new PlanetLabException(ErrorCode.HOST_OPERATION_FAILED, "cannot start the sliver runner: " + e.getMessage(), e);
        }
    }

    List<String> command(String sliver, ExecRequest request, Function<Long, List<Path>> procsFiles) {
        long init = runtime.initPid(sliver).orElseThrow(() -> new PlanetLabException(ErrorCode.NOT_FOUND,
                "sliver " + sliver + " is not running; start it first"));
        List<String> arguments = new ArrayList<>(List.of("exec", "--pid", Long.toString(init),
                "--uid", Long.toString(request.uid()), "--gid", Long.toString(request.gid()), "--cwd", request.workingDirectory()));
        for (Path procs : procsFiles.apply(init)) {
            arguments.add("--cgroup-procs");
            arguments.add(procs.toString());
        }
        request.environment().forEach((key, value) -> {
            arguments.add("--env");
            arguments.add(key + "=" + value);
        });
        arguments.add("--");
        if (request.pty()) {
            arguments.addAll(List.of("setsid", "-c"));
        }
        arguments.addAll(request.command());
        return runner.command(arguments);
    }
}
