package org.planetlab.bench.slices;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.planetlab.bench.measure.TreeCpu;

/**
 * CPU time the testbed's processes used, from /proc: a group of processes is those whose command
 * line names its main class and which belong to the testbed (its directory is on their command
 * line or is their working directory's parent): PLC, the node agents, the slice creation services.
 * A process's time includes that of the children it waited for (the agents' sliver runners, say).
 * The processes are found when this is made; one started later (a service restarted) is not counted.
 */
final class ProcessCpu {
    /** The processes running {@code mainClass} with {@code directory} on their command line or above their working directory. */
    record Group(String mainClass, Path directory) {}

    /** Clock ticks per second of /proc/<pid>/stat on Linux. */
    private static final double TICKS_PER_SECOND = 100;

    /** Each group's processes, found once: listing /proc takes tens of milliseconds with a testbed running. */
    private final Map<String, List<Path>> processes = new LinkedHashMap<>();

    ProcessCpu(Map<String, Group> groups) {
        groups.keySet().stream().sorted().forEach(name -> processes.put(name, new ArrayList<>()));
        try (DirectoryStream<Path> all = Files.newDirectoryStream(Path.of("/proc"), path -> path.getFileName().toString()
                .chars().allMatch(Character::isDigit))) {
            for (Path process : all) {
                String commandLine = commandLine(process);
                groups.forEach((name, group) -> {
                    if (commandLine.contains(group.mainClass()) && (commandLine.contains(group.directory().toString())
                            || workingDirectory(process).startsWith(group.directory()))) {
                        processes.get(name).add(process);
                    }
                });
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list /proc: " + e.getMessage(), e);
        }
    }

    /** Milliseconds of CPU each group's processes used so far (0 for one that has ended). */
    Map<String, Double> millis() {
        Map<String, Double> used = new LinkedHashMap<>();
        processes.forEach((name, group) -> used.put(name, group.stream().mapToLong(ProcessCpu::ticks).sum() * 1000 / TICKS_PER_SECOND));
        return used;
    }

    private static String commandLine(Path process) {
        try {
            return new String(Files.readAllBytes(process.resolve("cmdline")), StandardCharsets.UTF_8).replace('\0', ' ');
        } catch (IOException e) {
            return "";
        }
    }

    private static Path workingDirectory(Path process) {
        try {
            return Files.readSymbolicLink(process.resolve("cwd"));
        } catch (IOException e) {
            return Path.of("/proc");
        }
    }

    /** utime + stime + cutime + cstime; 0 if the process is gone. */
    private static long ticks(Path process) {
        long[] times = TreeCpu.times(process);
        return times == null ? 0 : times[0] + times[1] + times[2] + times[3];
    }
}
