package org.planetlab.node.sliver;

import static java.util.Objects.requireNonNull;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;

/**
 * The native {@code sliver-runner} (node/src/main/c), shipped inside the jar and unpacked into
 * the run directory at start. It does the work a multithreaded JVM cannot: unshare, setns,
 * pivot_root, fork into a new pid namespace.
 */
public final class SliverRunner {
    static final String RESOURCE = "/org/planetlab/node/sliver/sliver-runner";
    private final Path binary;
    private static final String END_OF_ANSWER = "\u001eEXIT ";
    private Process server;
    private OutputStream serverInput;
    private BufferedReader serverOutput;

    private SliverRunner(Path binary) {
        this.binary = binary;
    }

    /** Unpacks the runner to {@code target} unless an identical copy is already there. */
    public static SliverRunner install(Path target) {
        requireNonNull(target, "target is null");
        try (InputStream input = SliverRunner.class.getResourceAsStream(RESOURCE)) {
            if (input == null) {
                throw new IllegalStateException("the jar lacks " + RESOURCE + "; build the node module with a C compiler installed");
            }
            byte[] content = input.readAllBytes();
            if (!Files.exists(target) || !Arrays.equals(Files.readAllBytes(target), content)) {
                Files.createDirectories(target.getParent());
                Path temporary = target.resolveSibling(target.getFileName() + ".tmp");
                Files.write(temporary, content);
                Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rwx------"));
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
            return new SliverRunner(target);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot install the sliver runner at " + target, e);
        }
    }

    public Path binary() {
        return binary;
    }

    /**
     * Runs one mode of the runner to completion; returns its standard output. Goes through a
     * long-lived {@code sliver-runner serve} process, so the cost is a fork of the runner rather
     * than a new process launched from the JVM.
     */
    public synchronized String run(List<String> arguments) {
        for (String argument : arguments) {
            if (argument.indexOf('\t') >= 0 || argument.indexOf('\n') >= 0) {
                throw new IllegalArgumentException("runner arguments may not hold tabs or newlines: " + argument);
            }
        }
        if (server == null || !server.isAlive()) {
            server = startServer();
        }
        try {
            serverInput.write((String.join("\t", arguments) + "\n").getBytes(StandardCharsets.UTF_8));
            serverInput.flush();
            StringBuilder output = new StringBuilder();
            String line;
            while ((line = serverOutput.readLine()) != null) {
                if (line.startsWith(END_OF_ANSWER)) {
                    int code = Integer.parseInt(line.substring(END_OF_ANSWER.length()).strip());
                    if (code != 0) {
                        throw new PlanetLabException(ErrorCode.HOST_OPERATION_FAILED, "sliver-runner " + arguments.getFirst()
                                + " exited with " + code + ": " + output.toString().strip());
                    }
                    return output.toString();
                }
                output.append(line).append('\n');
            }
            server = null;
            throw new PlanetLabException(ErrorCode.HOST_OPERATION_FAILED, "the sliver runner server ended: " + output);
        } catch (IOException e) {
            server = null;
            throw new PlanetLabException(ErrorCode.HOST_OPERATION_FAILED, "the sliver runner server failed: " + e.getMessage(), e);
        }
    }

    private Process startServer() {
        try {
            Process process = new ProcessBuilder(binary.toString(), "serve").redirectError(ProcessBuilder.Redirect.INHERIT).start();
            serverInput = process.getOutputStream();
            serverOutput = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            return process;
        } catch (IOException e) {
            throw new PlanetLabException(ErrorCode.HOST_OPERATION_FAILED, "cannot start " + binary + " serve: " + e.getMessage(), e);
        }
    }

    /** Ends the server process (it also ends by itself when the agent dies: its input closes). */
    public synchronized void close() {
        if (server != null) {
            server.destroy();
            server = null;
        }
    }

    /** The command line of one runner invocation, for callers that manage the process themselves. */
    public List<String> command(List<String> arguments) {
        List<String> command = new ArrayList<>();
        command.add(binary.toString());
        command.addAll(arguments);
        return command;
    }
}
