package org.planetlab.node.sliver;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;

/**
 * The slivers' control groups under one agent prefix: {@code <controller mount>/<prefix>/<sliver>}
 * for each cgroup v1 controller (cpu, cpuacct, memory, pids), or {@code <root>/<prefix>/<sliver>}
 * when the machine runs the unified (v2) hierarchy with those controllers.
 */
public final class Cgroups {
    private static final List<String> V1_CONTROLLERS = List.of("cpu", "cpuacct", "memory", "pids");

    private final boolean unified;
    /** Controller name to the directory holding this agent's slivers; one entry for v2. */
    private final Map<String, Path> parents;

    private Cgroups(boolean unified, Map<String, Path> parents) {
        this.unified = unified;
        this.parents = Map.copyOf(parents);
    }

    /** Finds the hierarchies mounted under {@code root} from /proc/self/mountinfo. */
    public static Cgroups detect(Path root, String prefix) {
        requireNonNull(root, "root is null");
        requireNonNull(prefix, "prefix is null");
        Map<String, Path> v1 = new LinkedHashMap<>();
        Path v2 = null;
        for (String line : readLines(Path.of("/proc/self/mountinfo"))) {
            String[] halves = line.split(" - ", 2);
            if (halves.length < 2) {
                continue;
            }
            Path mountPoint = Path.of(halves[0].split(" ")[4]);
            String[] tail = halves[1].split(" ");
            if (!mountPoint.startsWith(root) || tail.length < 3) {
                continue;
            }
            if (tail[0].equals("cgroup2") && mountPoint.equals(root)) {
                v2 = mountPoint;
            } else if (tail[0].equals("cgroup")) {
                for (String option : tail[2].split(",")) {
                    if (V1_CONTROLLERS.contains(option)) {
                        v1.putIfAbsent(option, mountPoint.resolve(prefix));
                    }
                }
            }
        }
        if (v1.keySet().containsAll(V1_CONTROLLERS)) {
            return new Cgroups(false, v1);
        }
        if (v2 != null) {
            return new Cgroups(true, Map.of("unified", v2.resolve(prefix)));
        }
        throw new PlanetLabException(ErrorCode.HOST_OPERATION_FAILED, "no cgroup hierarchy with the cpu, cpuacct, memory and pids"
                + " controllers is mounted under " + root + " (found " + v1.keySet() + "); mount them or set cgroup-root");
    }

    public boolean unified() {
        return unified;
    }

    /** Creates the agent's own directories. */
    public void prepare() {
        for (Path parent : parents.values()) {
            createDirectory(parent);
            if (unified) {
                write(parent.getParent().resolve("cgroup.subtree_control"), "+cpu +memory +pids");
                write(parent.resolve("cgroup.subtree_control"), "+cpu +memory +pids");
            }
        }
    }

    /** Creates the sliver's cgroups if missing and sets their limits. */
    public void create(String sliver, CgroupLimits limits) {
        for (Path parent : parents.values()) {
            createDirectory(parent.resolve(sliver));
        }
        apply(sliver, limits);
    }

    /** Creates the cgroups of a spare, without limits: a sliver sets its own when it takes them. */
    public void createEmpty(String name) {
        for (Path parent : parents.values()) {
            createDirectory(parent.resolve(name));
        }
    }

    /** True if the sliver (or spare) has a cgroup in any hierarchy. */
    public boolean exists(String name) {
        return parents.values().stream().anyMatch(parent -> Files.isDirectory(parent.resolve(name)));
    }

    /**
     * True if cgroups can be renamed with their processes in them, which cgroup v1 allows and
     * the unified hierarchy does not.
     */
    public boolean renamable() {
        return !unified;
    }

    /** Gives a spare's cgroups, with the processes in them, to a sliver (cgroup v1 only). */
    public void rename(String from, String to) {
        if (unified) {
            throw new IllegalStateException("the unified cgroup hierarchy cannot rename cgroups");
        }
        for (Path parent : parents.values()) {
            try {
                Files.move(parent.resolve(from), parent.resolve(to));
            } catch (IOException e) {
                throw new PlanetLabException(ErrorCode.HOST_OPERATION_FAILED, "cannot rename cgroup " + parent.resolve(from)
                        + " to " + to + ": " + e.getMessage(), e);
            }
        }
    }

    /**
     * Readies a destroyed sliver's empty cgroups (cgroup v1) to serve another: the memory still
     * charged to them reclaimed, the CPU time counter and the memory high-water mark and failure
     * count cleared, the limits back to those of a new cgroup. Fails if a process is still in them.
     */
    public void resetForReuse(String name) {
        if (unified) {
            throw new IllegalStateException("cgroups of the unified hierarchy are not reused");
        }
        Path memory = parents.get("memory").resolve(name);
        write(memory.resolve("memory.force_empty"), "0");
        write(memory.resolve("memory.limit_in_bytes"), "-1");
        write(memory.resolve("memory.max_usage_in_bytes"), "0");
        write(memory.resolve("memory.failcnt"), "0");
        write(parents.get("cpuacct").resolve(name).resolve("cpuacct.usage"), "0");
        write(parents.get("cpu").resolve(name).resolve("cpu.shares"), "1024");
        write(parents.get("cpu").resolve(name).resolve("cpu.cfs_quota_us"), "-1");
        write(parents.get("pids").resolve(name).resolve("pids.max"), "max");
    }

    public void apply(String sliver, CgroupLimits limits) {
        if (unified) {
            Path directory = parents.get("unified").resolve(sliver);
            write(directory.resolve("cpu.weight"), Long.toString(Math.clamp(limits.cpuWeight() * 100 / CpuWeights.WEIGHT_PER_SHARE, 1, 10_000)));
            write(directory.resolve("memory.max"), Long.toString(limits.memoryBytes()));
            write(directory.resolve("pids.max"), Long.toString(limits.pids()));
            setCpuCap(sliver, limits);
        } else {
            write(parents.get("cpu").resolve(sliver).resolve("cpu.shares"), Long.toString(limits.cpuWeight()));
            setCpuCap(sliver, limits);
            write(parents.get("memory").resolve(sliver).resolve("memory.limit_in_bytes"), Long.toString(limits.memoryBytes()));
            write(parents.get("pids").resolve(sliver).resolve("pids.max"), Long.toString(limits.pids()));
        }
    }

    /**
     * Sets the sliver's CFS bandwidth limit (cgroup v2 {@code cpu.max}, v1
     * {@code cpu.cfs_quota_us} over {@code cpu.cfs_period_us}); the kernel applies it to the
     * running processes at the next period, so a changed cap needs no restart.
     */
    private void setCpuCap(String sliver, CgroupLimits limits) {
        long quota = limits.cpuQuotaMicroseconds();
        String period = Long.toString(CgroupLimits.CPU_PERIOD_MICROSECONDS);
        if (unified) {
            write(parents.get("unified").resolve(sliver).resolve("cpu.max"), (quota < 0 ? "max" : Long.toString(quota)) + " " + period);
        } else {
            Path cpu = parents.get("cpu").resolve(sliver);
            if (quota >= 0) {
                write(cpu.resolve("cpu.cfs_period_us"), period);
            }
            write(cpu.resolve("cpu.cfs_quota_us"), Long.toString(quota));
        }
    }

    /**
     * How long the sliver's processes were held back by its CPU cap, in nanoseconds: from
     * {@code cpu.stat} ({@code throttled_usec} on v2, {@code throttled_time} on v1).
     */
    public long cpuThrottledNanoseconds(String sliver) {
        Path stat = unified ? parents.get("unified").resolve(sliver).resolve("cpu.stat")
                : parents.get("cpu").resolve(sliver).resolve("cpu.stat");
        for (String line : readLinesIfExists(stat)) {
            if (unified && line.startsWith("throttled_usec ")) {
                return Long.parseLong(line.substring("throttled_usec ".length()).strip()) * 1000;
            }
            if (!unified && line.startsWith("throttled_time ")) {
                return Long.parseLong(line.substring("throttled_time ".length()).strip());
            }
        }
        return 0;
    }

    public void setCpuWeight(String sliver, long weight) {
        if (unified) {
            write(parents.get("unified").resolve(sliver).resolve("cpu.weight"),
                    Long.toString(Math.clamp(weight * 100 / CpuWeights.WEIGHT_PER_SHARE, 1, 10_000)));
        } else {
            write(parents.get("cpu").resolve(sliver).resolve("cpu.shares"), Long.toString(weight));
        }
    }

    /** The cgroup.procs files a process writes itself into to join the sliver. */
    public List<Path> procsFiles(String sliver) {
        return parents.values().stream().map(parent -> parent.resolve(sliver).resolve("cgroup.procs")).toList();
    }

    /**
     * Processes in any of the sliver's cgroups. Normally every hierarchy holds the same ones, but
     * an agent that died while renaming a spare's cgroups (one hierarchy at a time) to a sliver's
     * leaves the processes under the sliver's name in some hierarchies and the spare's in the rest.
     */
    public List<Long> pids(String sliver) {
        java.util.SortedSet<Long> pids = new java.util.TreeSet<>();
        for (Path procs : procsFiles(sliver)) {
            for (String line : readLinesIfExists(procs)) {
                if (!line.isBlank()) {
                    pids.add(Long.parseLong(line.strip()));
                }
            }
        }
        return List.copyOf(pids);
    }

    /** Removes the sliver's (empty) cgroups; does nothing for those already gone. */
    public void remove(String sliver) {
        for (Path parent : parents.values()) {
            try {
                Files.deleteIfExists(parent.resolve(sliver));
            } catch (IOException e) {
                throw new PlanetLabException(ErrorCode.HOST_OPERATION_FAILED, "cannot remove cgroup " + parent.resolve(sliver)
                        + ": " + e.getMessage(), e);
            }
        }
    }

    /** Slivers (and spares) that have a cgroup under this agent's prefix in any hierarchy. */
    public Set<String> slivers() {
        Set<String> names = new TreeSet<>();
        for (Path parent : parents.values()) {
            if (Files.isDirectory(parent)) {
                try (var children = Files.list(parent)) {
                    children.filter(Files::isDirectory).forEach(child -> names.add(child.getFileName().toString()));
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot list the cgroups in " + parent, e);
                }
            }
        }
        return names;
    }

    /** Removes the agent's own directories once no sliver is left. */
    public void removePrefix() {
        for (Path parent : parents.values()) {
            try {
                Files.deleteIfExists(parent);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot remove " + parent, e);
            }
        }
    }

    public long cpuNanoseconds(String sliver) {
        if (unified) {
            for (String line : readLinesIfExists(parents.get("unified").resolve(sliver).resolve("cpu.stat"))) {
                if (line.startsWith("usage_usec ")) {
                    return Long.parseLong(line.substring("usage_usec ".length()).strip()) * 1000;
                }
            }
            return 0;
        }
        return readNumber(parents.get("cpuacct").resolve(sliver).resolve("cpuacct.usage"));
    }

    public long memoryBytes(String sliver) {
        return unified ? readNumber(parents.get("unified").resolve(sliver).resolve("memory.current"))
                : readNumber(parents.get("memory").resolve(sliver).resolve("memory.usage_in_bytes"));
    }

    private static long readNumber(Path file) {
        List<String> lines = readLinesIfExists(file);
        return lines.isEmpty() ? 0 : Long.parseLong(lines.getFirst().strip());
    }

    private static void createDirectory(Path directory) {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new PlanetLabException(ErrorCode.HOST_OPERATION_FAILED, "cannot create cgroup " + directory + ": " + e.getMessage(), e);
        }
    }

    private static void write(Path file, String value) {
        try {
            Files.writeString(file, value, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new PlanetLabException(ErrorCode.HOST_OPERATION_FAILED, "cannot write " + value + " to " + file + ": " + e.getMessage(), e);
        }
    }

    private static List<String> readLinesIfExists(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static List<String> readLines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
