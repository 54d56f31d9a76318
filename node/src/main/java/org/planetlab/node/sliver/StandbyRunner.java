package org.planetlab.node.sliver;

import static java.util.Objects.requireNonNull;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;

/**
 * One {@code sliver-runner standby} process (see node/src/main/c/sliver-runner.c): it has joined a
 * spare's cgroups, made its subvolume and left the host's mount table, and waits for the
 * arguments of one sliver start, which it runs in itself so the sliver's init is born in those
 * cgroups. Used once; {@link #discard} ends it unused.
 */
final class StandbyRunner {
    private static final String READY = "ready";
    private static final String END_OF_ANSWER = "\u001eEXIT ";

    private final Process process;
    private final OutputStream input;
    private final BufferedReader output;

    private StandbyRunner(Process process) {
        this.process = requireNonNull(process, "process is null");
        this.input = process.getOutputStream();
        this.output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    /** Starts the process; {@link #awaitReady} waits for its preparations. */
    static StandbyRunner launch(List<String> command) {
        try {
            return new StandbyRunner(new ProcessBuilder(command).redirectErrorStream(true).start());
        } catch (IOException e) {
            throw new PlanetLabException(ErrorCode.HOST_OPERATION_FAILED, "cannot start " + command.getFirst() + ": " + e.getMessage(), e);
        }
    }

    /** Waits until the process says it is ready; ends it and fails if it does not. */
    void awaitReady() {
        try {
            String line = output.readLine();
            if (!READY.equals(line)) {
                String rest = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
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

    boolean alive() {
        return process.isAlive();
    }

    /**
     * Runs the start and returns its output (the init's host pid) as soon as the process has
     * answered; it ends by itself, and nobody waits for that.
     */
    String start(List<String> arguments) {
        StringBuilder answer = new StringBuilder();
        try {
            input.write((String.join("\t", arguments) + "\n").getBytes(StandardCharsets.UTF_8));
            input.close();
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
