package org.planetlab.bench.measure;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * CPU time used by this process and every process below it, from /proc: each process's utime +
 * stime + cutime + cstime (a process's time includes the children it waited for). A child that
 * ended and was waited for by a process outside the tree is not counted; the node agent's sliver
 * runners and their short-lived helpers are below the agent and waited for there.
 */
public final class TreeCpu {
    private static final double TICKS_PER_SECOND = 100;

    private TreeCpu() {}

    /** Milliseconds of CPU used so far by this process and its descendants (10 ms ticks). */
    public static double millis() {
        return millis(tree());
    }

    /** The pids of this process and its descendants now. */
    public static List<Long> tree() {
        Map<Long, List<Long>> children = new HashMap<>();
        try (DirectoryStream<Path> all = Files.newDirectoryStream(Path.of("/proc"),
                path -> path.getFileName().toString().chars().allMatch(Character::isDigit))) {
            for (Path process : all) {
                String[] fields = fields(process.resolve("stat"));
                if (fields != null) {
                    children.computeIfAbsent(Long.parseLong(fields[1]), ignored -> new ArrayList<>())
                            .add(Long.parseLong(process.getFileName().toString()));
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list /proc: " + e.getMessage(), e);
        }
        List<Long> found = new ArrayList<>();
        List<Long> pending = new ArrayList<>(List.of(ProcessHandle.current().pid()));
        while (!pending.isEmpty()) {
            long pid = pending.removeLast();
            found.add(pid);
            pending.addAll(children.getOrDefault(pid, List.of()));
        }
        return found;
    }

    /** Milliseconds of CPU the processes {@code pids} used so far, with the children they waited for (ended ones count 0). */
    public static double millis(List<Long> pids) {
        long total = 0;
        for (long pid : pids) {
            long[] times = times(Path.of("/proc", Long.toString(pid)));
            if (times != null) {
                total += times[0] + times[1] + times[2] + times[3];
            }
        }
        return total * 1000 / TICKS_PER_SECOND;
    }

    /**
     * A process's CPU times in ticks (10 ms) from its {@code stat} under {@code process} (a
     * {@code /proc/<pid>} directory or {@code /proc/self}): utime, stime, and cutime and cstime
     * (the children it waited for); null if the process is gone.
     */
    public static long[] times(Path process) {
        String[] fields = fields(process.resolve("stat"));
        return fields == null ? null : new long[] {Long.parseLong(fields[11]), Long.parseLong(fields[12]),
                Long.parseLong(fields[13]), Long.parseLong(fields[14])};
    }

    /** Milliseconds of CPU this JVM's own threads used so far. */
    public static double jvmMillis() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1e6;
    }

    /** Ticks (10 ms) of CPU each thread of this JVM used so far, by thread name with digits dropped. */
    public static Map<String, Long> threadTicks() {
        Map<String, Long> byName = new TreeMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path task : tasks) {
                String stat = read(task.resolve("stat"));
                if (stat != null) {
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replaceAll("[0-9]+", "#");
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    byName.merge(name, Long.parseLong(fields[11]) + Long.parseLong(fields[12]), Long::sum);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list /proc/self/task: " + e.getMessage(), e);
        }
        return byName;
    }

    /** The fields of a stat file after the command name (which may hold spaces), or null if the process is gone. */
    private static String[] fields(Path stat) {
        String text = read(stat);
        return text == null ? null : text.substring(text.lastIndexOf(')') + 2).split(" ");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return null;
        }
    }
}
