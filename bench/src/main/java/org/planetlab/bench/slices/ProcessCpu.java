package org.planetlab.bench.slices;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CPU time the testbed's processes used, from /proc: a group of processes is those whose command
 * line names its main class and which belong to the testbed (its directory is on their command
 * line or is their working directory's parent): PLC, the node agents, the slice creation services.
 * A process's time includes that of the children it waited for (the agents' sliver runners, say).
 */
final class ProcessCpu {
    /** The processes running {@code mainClass} with {@code directory} on their command line or above their working directory. */
    record Group(String mainClass, Path directory) {}

    /** Clock ticks per second of /proc/<pid>/stat on Linux. */
    private static final double TICKS_PER_SECOND = 100;

    private final Map<String, Group> groups;

    ProcessCpu(Map<String, Group> groups) {
        this.groups = Map.copyOf(groups);
    }

    /** Milliseconds of CPU each group used so far, processes now running only. */
    Map<String, Double> millis() {
        Map<String, Double> used = new LinkedHashMap<>();
        groups.keySet().stream().sorted().forEach(group -> used.put(group, 0.0));
        try (DirectoryStream<Path> processes = Files.newDirectoryStream(Path.of("/proc"), path -> path.getFileName().toString()
                .chars().allMatch(Character::isDigit))) {
            for (Path process : processes) {
                String commandLine = commandLine(process);
                groups.forEach((name, group) -> {
                    if (commandLine.contains(group.mainClass()) && (commandLine.contains(group.directory().toString())
                            || workingDirectory(process).startsWith(group.directory()))) {
                        used.merge(name, ticks(process) * 1000 / TICKS_PER_SECOND, Double::sum);
                    }
                });
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list /proc: " + e.getMessage(), e);
        }
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
        String stat;
        try {
            stat = Files.readString(process.resolve("stat"));
        } catch (IOException e) {
            return 0;
        }
        // The command name in parentheses may hold spaces; the fields after it are positional.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]) + Long.parseLong(fields[13]) + Long.parseLong(fields[14]);
    }
}
