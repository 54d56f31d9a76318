package org.planetlab.node.host;

import static java.util.Objects.requireNonNull;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.IoCauses;
import org.planetlab.api.error.PlanetLabException;

/**
 * Runs one host tool ({@code ip}, {@code tc}, {@code nft}, ...) to completion and returns what
 * it printed. A non-zero exit is a {@link PlanetLabException} with code
 * {@link ErrorCode#HOST_OPERATION_FAILED} naming the command and its error output. Commands
 * never go through a shell, so arguments cannot be reinterpreted.
 */
public final class HostCommand {
    private final List<String> prefix;
    private final Duration timeout;

    /**
     * @param prefix words put before every command, e.g. {@code nsenter --net=/run/netns/n1} to
     *     run everything inside a node's network namespace; empty to run on the host as is
     * @param timeout how long one command may take before it is killed
     */
    public HostCommand(List<String> prefix, Duration timeout) {
        this.prefix = List.copyOf(requireNonNull(prefix, "prefix is null"));
        this.timeout = requireNonNull(timeout, "timeout is null");
    }

    public static HostCommand onHost() {
        return new HostCommand(List.of(), Duration.ofSeconds(30));
    }

    /** A process builder for a long-running command (a reader of kernel events), with this prefix. */
    public ProcessBuilder processBuilder(List<String> command) {
        List<String> full = new ArrayList<>(prefix);
        full.addAll(command);
        return new ProcessBuilder(full);
    }

    /** Runs the command and returns its standard output; fails on a non-zero exit. */
    public String run(List<String> command) {
        Result result = runAllowingFailure(command, null);
        if (result.exitCode() != 0) {
            throw failure(command, result);
        }
        return result.stdout();
    }

    /** Runs the command with {@code stdin} as its standard input; fails on a non-zero exit. */
    public String runWithInput(List<String> command, String stdin) {
        Result result = runAllowingFailure(command, stdin);
        if (result.exitCode() != 0) {
            throw failure(command, result);
        }
        return result.stdout();
    }

    /** Runs the command and returns its exit code and output, whatever the exit code. */
    public Result runAllowingFailure(List<String> command, String stdin) {
        List<String> full = new ArrayList<>(prefix);
        full.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(full);
        try {
            Process process = builder.start();
            ByteArrayOutputStream stderr = new ByteArrayOutputStream();
            Thread stderrReader = Thread.ofVirtual().name("host-command-stderr").start(() -> copyErrorOutput(process, stderr));
            if (stdin != null) {
                process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            process.getOutputStream().close();
            ByteArrayOutputStream stdout = new ByteArrayOutputStream();
            copy(process.getInputStream(), stdout);
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new PlanetLabException(ErrorCode.HOST_OPERATION_FAILED,
                        "%s did not finish within %s".formatted(String.join(" ", full), timeout));
            }
            stderrReader.join();
            return new Result(process.exitValue(), stdout.toString(StandardCharsets.UTF_8),
                    stderr.toString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new PlanetLabException(ErrorCode.HOST_OPERATION_FAILED,
                    "cannot run %s: %s".formatted(full.getFirst(), IoCauses.describe(e)), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PlanetLabException(ErrorCode.HOST_OPERATION_FAILED, "interrupted while running " + full.getFirst(), e);
        }
    }

    private static void copy(InputStream input, ByteArrayOutputStream output) throws IOException {
        try (input) {
            input.transferTo(output);
        }
    }

    /** Reads the error output on its own thread; if that fails, the output says so instead. */
    private static void copyErrorOutput(Process process, ByteArrayOutputStream stderr) {
        try {
            copy(process.getErrorStream(), stderr);
        } catch (IOException e) {
            stderr.writeBytes(("(the error output could not be read: " + IoCauses.describe(e) + ")")
                    .getBytes(StandardCharsets.UTF_8));
        }
    }

    private PlanetLabException failure(List<String> command, Result result) {
        String error = result.stderr().strip();
        if (error.length() > 2000) {
            error = error.substring(0, 2000) + "...";
        }
        return new PlanetLabException(ErrorCode.HOST_OPERATION_FAILED, "%s exited with %d: %s".formatted(
                String.join(" ", command), result.exitCode(), error.isEmpty() ? "(no error output)" : error));
    }

    /** What a finished command returned. */
    public record Result(int exitCode, String stdout, String stderr) {}
}
