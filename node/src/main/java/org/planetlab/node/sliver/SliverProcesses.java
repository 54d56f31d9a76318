package org.planetlab.node.sliver;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;

/**
 * A sliver's processes, found through its cgroup: every process of a sliver, and every process
 * the agent starts into one, is in the sliver's cgroups from its first instruction.
 */
final class SliverProcesses {
    private static final Duration KILL_DEADLINE = Duration.ofSeconds(20);
    private final Cgroups cgroups;

    SliverProcesses(Cgroups cgroups) {
        this.cgroups = requireNonNull(cgroups, "cgroups is null");
    }

    /** The host pid of the sliver's init: its process that is pid 1 in its own pid namespace. */
    Optional<Long> init(String sliver) {
        return initAmong(cgroups.pids(sliver));
    }

    private static Optional<Long> initAmong(List<Long> pids) {
        for (long pid : pids) {
            if (isNamespaceInit(pid)) {
                return Optional.of(pid);
            }
        }
        return Optional.empty();
    }

    /** SIGKILLs every process of the sliver until its cgroup is empty. */
    void killAll(String sliver) {
        long deadline = System.nanoTime() + KILL_DEADLINE.toNanos();
        long pauseMillis = 1;
        List<Long> pids = cgroups.pids(sliver);
        while (!pids.isEmpty()) {
            // Killing init first makes the kernel kill the whole pid namespace and refuse new forks in it.
            initAmong(pids).flatMap(ProcessHandle::of).ifPresent(ProcessHandle::destroyForcibly);
            pids.stream().map(ProcessHandle::of).flatMap(Optional::stream).forEach(ProcessHandle::destroyForcibly);
            if (System.nanoTime() > deadline) {
                throw new PlanetLabException(ErrorCode.HOST_OPERATION_FAILED, "processes " + pids + " of sliver " + sliver
                        + " survived SIGKILL for " + KILL_DEADLINE.toSeconds() + " s");
            }
            // The cgroup empties as the kernel reaps; the JDK's exit watch on non-children polls too slowly.
            pause(pauseMillis);
            pauseMillis = Math.min(pauseMillis * 2, 20);
            pids = cgroups.pids(sliver);
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PlanetLabException(ErrorCode.HOST_OPERATION_FAILED, "interrupted while killing a sliver", e);
        }
    }

    private static boolean isNamespaceInit(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"), StandardCharsets.UTF_8)) {
                if (line.startsWith("NSpid:")) {
                    String[] fields = line.substring("NSpid:".length()).strip().split("\\s+");
                    return fields.length > 1 && fields[fields.length - 1].equals("1");
                }
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }
}
