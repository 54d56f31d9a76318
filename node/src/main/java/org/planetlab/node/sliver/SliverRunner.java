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
import java.util.Optional;
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
    private final java.util.concurrent.ConcurrentLinkedQueue<Server> idle = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final java.util.Set<StandbyRunner> standbys = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private volatile boolean closed;
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SliverRunner.class);
    /** The {@code hold-mounts} runner, which forks standby runners in copies of its mount table; guarded by this. */
    private Process mountHolder;
    private OutputStream mountHolderInput;
    private BufferedReader mountHolderOutput;
    /** Counts {@link #close} calls; a server made before the last one is not used again. */
    private final java.util.concurrent.atomic.AtomicLong generation = new java.util.concurrent.atomic.AtomicLong();

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
     * than a new process launched from the JVM. Concurrent callers each get their own server.
     */
    public String run(List<String> arguments) {
        for (String argument : arguments) {
            if (argument.indexOf('\t') >= 0 || argument.indexOf('\n') >= 0) {
                throw new IllegalArgumentException("runner arguments may not hold tabs or newlines: " + argument);
            }
        }
        Server server = idle.poll();
        if (server == null || !server.process().isAlive()) {
            server = startServer();
        }
        try {
            String output = server.call(String.join("\t", arguments), arguments.getFirst());
            giveBack(server);
            return output;
        } catch (PlanetLabException e) {
            giveBack(server);
            throw e;
        }
    }

    /** A server that outlived a {@link #close} during its call ends after it instead of serving again. */
    private void giveBack(Server server) {
        if (server.generation() != generation.get()) {
            server.process().destroy();
        } else if (server.process().isAlive()) {
            idle.offer(server);
        }
    }

    private Server startServer() {
        try {
            Process process = new ProcessBuilder(binary.toString(), "serve").redirectError(ProcessBuilder.Redirect.INHERIT).start();
            return new Server(process, process.getOutputStream(),
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)), generation.get());
        } catch (IOException e) {
            throw new PlanetLabException(ErrorCode.HOST_OPERATION_FAILED, "cannot start " + binary + " serve: " + e.getMessage(), e);
        }
    }

    /**
     * Starts a {@code sliver-runner standby} process (whose readiness the caller awaits). The
     * {@code hold-mounts} runner (started here when none runs) forks it in a copy of its mount
     * table and it is reached over a Unix socket at {@code socket} (it serves this process only);
     * without that runner (it failed) the agent starts it itself, and it leaves the host's table
     * itself, which costs more with many slivers. Refused after {@link #close}.
     *
     * @param arguments {@code standby} and its options
     */
    StandbyRunner standby(List<String> arguments, Path socket) {
        if (closed) {
            throw new PlanetLabException(ErrorCode.UNAVAILABLE, "the sliver runner was closed; no standby runners are made");
        }
        StandbyRunner standby = forkedStandby(arguments, socket).orElseGet(() -> StandbyRunner.launch(command(withMountHolder(arguments))));
        standbys.add(standby);
        if (closed) {
            standby.discard();
        }
        return standby;
    }

    /**
     * A standby runner forked by the {@code hold-mounts} runner; empty if that runner cannot be
     * started or fails to fork one (the caller then starts one itself).
     */
    private synchronized Optional<StandbyRunner> forkedStandby(List<String> arguments, Path socket) {
        if (!mountHolder()) {
            return Optional.empty();
        }
        List<String> request = new ArrayList<>(List.of("standby", socket.toString()));
        request.addAll(arguments.subList(1, arguments.size()));
        String answer;
        try {
            mountHolderInput.write((String.join("\t", request) + "\n").getBytes(StandardCharsets.UTF_8));
            mountHolderInput.flush();
            answer = mountHolderOutput.readLine();
        } catch (IOException e) {
            answer = null;
        }
        if (answer == null || !answer.chars().allMatch(Character::isDigit) || answer.isEmpty()) {
            LOG.warn("the hold-mounts runner did not fork a standby runner ({}); the agent starts it", answer);
            if (answer == null) {
                mountHolder.destroy();
            }
            return Optional.empty();
        }
        return Optional.of(StandbyRunner.connect(Long.parseLong(answer), socket));
    }

    /** The options of a standby the agent starts, with the {@code hold-mounts} runner's pid if it runs, whose table it copies. */
    private synchronized List<String> withMountHolder(List<String> arguments) {
        List<String> withMounts = new ArrayList<>(arguments);
        if (mountHolder != null && mountHolder.isAlive()) {
            withMounts.add("--mounts-of");
            withMounts.add(Long.toString(mountHolder.pid()));
        }
        return withMounts;
    }

    /**
     * True if the {@code hold-mounts} runner runs, started if needed. It ends when its input
     * closes: at {@link #close}, or when the agent dies. Caller holds this.
     */
    private boolean mountHolder() {
        if (mountHolder != null && mountHolder.isAlive()) {
            return true;
        }
        try {
            Process process = new ProcessBuilder(binary.toString(), "hold-mounts").redirectError(ProcessBuilder.Redirect.INHERIT).start();
            BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            if (!"ready".equals(output.readLine())) {
                process.destroyForcibly();
                return false;
            }
            mountHolder = process;
            mountHolderInput = process.getOutputStream();
            mountHolderOutput = output;
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Forgets a standby runner that was used or discarded. */
    void release(StandbyRunner standby) {
        standbys.remove(standby);
    }

    /** True once {@link #close} was called: spares are no longer prepared. */
    public boolean closed() {
        return closed;
    }

    /**
     * Ends the idle servers and the standby processes (they also end by themselves when the agent
     * dies: their input closes); a server busy with a call ends once the call is answered. Later
     * {@link #run} calls, such as the removals of a node shutdown, start a server again; standby
     * runners are no longer made.
     */
    public void close() {
        closed = true;
        generation.incrementAndGet();
        for (Server server = idle.poll(); server != null; server = idle.poll()) {
            server.process().destroy();
        }
        standbys.forEach(StandbyRunner::discard);
        standbys.clear();
        synchronized (this) {
            if (mountHolder != null) {
                // Its namespace holds a copy of the sliver disk's mount, which must be gone before the disk is unmounted.
                mountHolder.destroy();
                try {
                    mountHolder.waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                mountHolder = null;
            }
        }
    }

    /** One {@code serve} process, used by one caller at a time. */
    private record Server(Process process, OutputStream input, BufferedReader output, long generation) {
        String call(String request, String mode) {
            try {
                input.write((request + "\n").getBytes(StandardCharsets.UTF_8));
                input.flush();
                StringBuilder answer = new StringBuilder();
                String line;
                while ((line = output.readLine()) != null) {
                    if (line.startsWith(END_OF_ANSWER)) {
                        int code = Integer.parseInt(line.substring(END_OF_ANSWER.length()).strip());
                        if (code != 0) {
                            throw new PlanetLabException(ErrorCode.HOST_OPERATION_FAILED, "sliver-runner " + mode
                                    + " exited with " + code + ": " + answer.toString().strip());
                        }
                        return answer.toString();
                    }
                    answer.append(line).append('\n');
                }
                process.destroy();
                throw new PlanetLabException(ErrorCode.HOST_OPERATION_FAILED, "the sliver runner server ended: " + answer);
            } catch (IOException e) {
                process.destroy();
                throw new PlanetLabException(ErrorCode.HOST_OPERATION_FAILED, "the sliver runner server failed: " + e.getMessage(), e);
            }
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
