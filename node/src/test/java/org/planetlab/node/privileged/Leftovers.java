package org.planetlab.node.privileged;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.planetlab.node.host.HostCommand;

/**
 * Removes what test agents of a killed test run left behind (their directories under
 * target/agents name them): processes, cgroups, network namespaces, the disk mount.
 */
public final class Leftovers {
    private static final HostCommand HOST = HostCommand.onHost();
    private static boolean done;

    private Leftovers() {}

    public static synchronized void removeOnce(Path agents) {
        if (done || !Files.isDirectory(agents)) {
            done = true;
            return;
        }
        done = true;
        try (var directories = Files.list(agents)) {
            for (Path directory : directories.toList()) {
                remove(directory.getFileName().toString(), directory);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> procs(Path cgroup) throws IOException {
        try {
            return Files.readAllLines(cgroup.resolve("cgroup.procs"));
        } catch (java.nio.file.NoSuchFileException e) {
            return List.of();
        }
    }

    public static void remove(String prefix, Path directory) throws IOException {
        for (String controller : List.of("pids", "memory", "cpu", "cpuacct")) {
            Path parent = Path.of("/sys/fs/cgroup", controller, prefix);
            if (!Files.isDirectory(parent)) {
                continue;
            }
            try (var slivers = Files.list(parent)) {
                for (Path sliver : slivers.filter(Files::isDirectory).toList()) {
                    for (int attempt = 0; attempt < 100 && !procs(sliver).isEmpty(); attempt++) {
                        procs(sliver).forEach(pid ->
                                ProcessHandle.of(Long.parseLong(pid)).ifPresent(process -> {
                                    process.destroyForcibly();
                                    process.onExit().join();
                                }));
                    }
                    Files.deleteIfExists(sliver);
                }
            }
            Files.deleteIfExists(parent);
        }
        removeNamespaces(prefix + "-");
        Path disk = directory.resolve("run/disk");
        if (Files.readString(Path.of("/proc/self/mountinfo")).contains(" " + disk + " ")) {
            HOST.run(List.of("umount", disk.toString()));
        }
        Optional.of(directory).ifPresent(TestingNodeAgent::deleteTree);
    }

    /** Removes every network namespace whose name starts with {@code namePrefix}. */
    public static void removeNamespaces(String namePrefix) {
        HOST.run(List.of("ip", "netns", "list")).lines().map(line -> line.split(" ")[0])
                .filter(name -> name.startsWith(namePrefix))
                .forEach(name -> HOST.run(List.of("ip", "netns", "del", name)));
    }
}
