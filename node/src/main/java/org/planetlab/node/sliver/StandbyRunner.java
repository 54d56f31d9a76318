package org.planetlab.node.sliver;

import static java.util.Objects.requireNonNull;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;

/**
 * One {@code sliver-runner standby} process (see node/src/main/c/standby.c), forked by the
 * {@code hold-mounts} runner and reached over a Unix socket, or started by the agent itself: it has joined a
 * spare's cgroups, made its subvolume and left the host's mount table, and waits for the
 * arguments of one sliver start, which it runs in itself so the sliver's init is born in those
 * cgroups. Used once; {@link #discard} ends it unused.
 *
 * <p>Its input stays open after the request: init runs the bootscript only once it closes
 * ({@link #finish}), when the agent has given the sliver its limits and files.
 */
final class StandbyRunner {
    private static final String READY = "ready";
    private static final String END_OF_ANSWER = "\u001eEXIT ";

    private final ProcessHandle process;
    private final OutputStream input;
    private final BufferedReader output;

    private StandbyRunner(ProcessHandle process, InputStream output, OutputStream input) {
        this.process = requireNonNull(process, "process is null");
        this.input = requireNonNull(input, "input is null");
        this.output = new BufferedReader(new InputStreamReader(output, StandardCharsets.UTF_8));
    }

    /** Starts the process; {@link #awaitReady} waits for its preparations. */
    static StandbyRunner launch(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            return new StandbyRunner(process.toHandle(), process.getInputStream(), process.getOutputStream());
        } catch (IOException e) {
            throw new PlanetLabException(ErrorCode.HOST_OPERATION_FAILED, "cannot start " + command.getFirst() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Connects to the standby runner {@code pid}, which the {@code hold-mounts} runner forked and
     * which takes the first connection to {@code socket} as its standard input and output. The
     * handle remembers the process's start time, so a reused pid is never taken for it.
     */
    static StandbyRunner connect(long pid, Path socket) {
        ProcessHandle process = ProcessHandle.of(pid)
                .orElseThrow(() -> new PlanetLabException(ErrorCode.HOST_OPERATION_FAILED, "the standby sliver runner " + pid + " ended at once"));
        try {
            SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(socket));
            return new StandbyRunner(process, Channels.newInputStream(channel), Channels.newOutputStream(channel));
        } catch (IOException e) {
            process.destroyForcibly();
            throw new PlanetLabException(ErrorCode.HOST_OPERATION_FAILED, "cannot reach the standby sliver runner at " + socket + ": "
                    + e.getMessage(), e);
        }
    }

    /** Waits until the process says it is ready; ends it and fails if it does not. */
    void awaitReady() {
        try {
            String line = output.readLine();
            if (!READY.equals(line)) {
                String rest = output.lines().collect(java.util.stream.Collectors.joining(" "));
                throw new PlanetLabException(ErrorCode.HOST_OPERATION_FAILED, "the standby sliver runner failed: "
                        + (line == null ? "" : line) + " " + rest.strip());
            }
        } catch (IOException e) {
            discard();
            throw new PlanetLabException(ErrorCode.HOST_OPERATION_FAILED, "the standby sliver runner failed: " + e.getMessage(), e);
        } catch (PlanetLabException e) {
            discard();
            throw e;
        }
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    /**
     * Hands the process the arguments of the start, which it runs while the caller goes on; {@link
     * #awaitStarted} waits for it.
     */
    void send(List<String> arguments) {
        try {
            input.write((String.join("\t", arguments) + "\n").getBytes(StandardCharsets.UTF_8));
            input.flush();
        } catch (IOException e) {
            discard();
            throw new PlanetLabException(ErrorCode.HOST_OPERATION_FAILED, "sliver-runner start failed: " + e.getMessage(), e);
        }
    }

    /**
     * Waits for the answer of the start (the init's host pid). The sliver's init then waits for
     * {@link #finish} (or the end of the agent) before it runs the bootscript, so the caller can
     * finish the sliver's limits and files while the start runs.
     */
    String awaitStarted() {
        StringBuilder answer = new StringBuilder();
        try {
            String line;
            while ((line = output.readLine()) != null) {
                if (line.startsWith(END_OF_ANSWER)) {
                    return answer.toString();
                }
                answer.append(line).append('\n');
            }
        } catch (IOException e) {
            answer.append(e.getMessage());
        }
        discard();
        throw new PlanetLabException(ErrorCode.HOST_OPERATION_FAILED, "sliver-runner start failed: " + answer.toString().strip());
    }

    /** Lets the started sliver's init run its bootscript; the process then ends by itself, and nobody waits for that. */
    void finish() {
        try {
            input.close();
        } catch (IOException e) {
            // The process then ends when the agent does, and init goes on then.
        }
    }

    /** Ends the process: closing its input ends a waiting standby quietly, the kill any other. */
    void discard() {
        try {
            input.close();
        } catch (IOException e) {
            // The kill below ends it anyway.
        }
        process.destroyForcibly();
    }
}
