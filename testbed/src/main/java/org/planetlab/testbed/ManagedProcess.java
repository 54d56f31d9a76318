package org.planetlab.testbed;

import static java.util.Objects.requireNonNull;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;

/**
 * A long-running process of the testbed (PLC, a node agent), started in its own session so it
 * outlives the command that started it, with its output in a log file. It is known by its pid
 * and start time, so a pid reused by another process after a crash is never signalled.
 *
 * @param name what it is, for messages
 * @param pid its process id
 * @param started when it started, as the kernel says
 * @param log where its output goes
 */
record ManagedProcess(String name, long pid, Instant started, Path log) {
    ManagedProcess {
        requireNonNull(name, "name is null");
        requireNonNull(started, "started is null");
        requireNonNull(log, "log is null");
    }

    /** Starts {@code command} detached from this process, appending its output to {@code log}. */
    static ManagedProcess start(String name, List<String> command, Path log, Path workingDirectory) {
        List<String> detached = new ArrayList<>();
        detached.add("setsid");
        detached.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(detached)
                .directory(workingDirectory.toFile())
                .redirectInput(new File("/dev/null"))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectErrorStream(true);
        try {
            Process process = builder.start();
            Instant started = process.info().startInstant().orElse(Instant.now());
            return new ManagedProcess(name, process.pid(), started, log);
        } catch (IOException e) {
            throw new PlanetLabException(ErrorCode.HOST_OPERATION_FAILED, "cannot start " + name + ": " + e.getMessage(), e);
        }
    }

    /** The live process, if it is still the one that was started. */
    Optional<ProcessHandle> handle() {
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(process -> process.info().startInstant()
                .map(instant -> Math.abs(Duration.between(instant, started).toMillis()) < 2_000).orElse(false));
    }

    boolean alive() {
        return handle().isPresent();
    }

    /** Asks it to stop, then kills it if it has not stopped within {@code grace}. */
    void stop(Duration grace) {
        Optional<ProcessHandle> handle = handle();
        if (handle.isEmpty()) {
            return;
        }
        handle.get().destroy();
        long deadline = System.nanoTime() + grace.toNanos();
        while (handle.get().isAlive() && System.nanoTime() < deadline) {
            try {
                handle.get().onExit().get(100, java.util.concurrent.TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                // Still running; look again until the grace period ends.
            } catch (java.util.concurrent.ExecutionException e) {
                break;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (handle.get().isAlive()) {
            handle.get().destroyForcibly();
        }
    }
}
