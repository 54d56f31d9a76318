package org.planetlab.node.sliver;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.api.rspec.RspecAttribute;
import org.planetlab.node.config.NodeAgentConfig;
import org.planetlab.node.net.SliverNetwork;
import org.planetlab.node.net.SliverNetworkHandle;
import org.planetlab.node.net.SliverNetworkSpec;
import org.planetlab.node.net.TrafficCounters;
import org.planetlab.node.state.VmRecord;

/**
 * Slivers as Linux containers (docs/node-agent.md): network from {@link SliverNetwork}, cgroups
 * from {@link Cgroups}, a btrfs subvolume from {@link SliverDisk}, and everything else (user,
 * mount, pid, uts, ipc and cgroup namespaces, the overlay root over the uid-shifted image, the
 * masked /proc and /sys, init) from one run of the native {@link SliverRunner}.
 */
public final class LinuxSliverRuntime implements SliverRuntime {
    private static final long MEGABYTE = 1024 * 1024;

    private final NodeAgentConfig config;
    private final SliverLayout layout;
    private final SliverNetwork network;
    private final Cgroups cgroups;
    private final SliverRunner runner;
    private final SliverDisk disk;
    private final SliverProcesses processes;
    private final long cpuCapacityPercent;
    private final Map<String, SliverNetworkHandle> handles = new ConcurrentHashMap<>();
    private final Map<String, CpuWeights.Demand> demands = new HashMap<>();
    private final Map<String, Long> weights = new HashMap<>();

    public LinuxSliverRuntime(NodeAgentConfig config, SliverNetwork network, Cgroups cgroups, SliverRunner runner, SliverDisk disk,
            long cpuCapacityPercent) {
        this.config = requireNonNull(config, "config is null");
        this.layout = new SliverLayout(config);
        this.network = requireNonNull(network, "network is null");
        this.cgroups = requireNonNull(cgroups, "cgroups is null");
        this.runner = requireNonNull(runner, "runner is null");
        this.disk = requireNonNull(disk, "disk is null");
        this.processes = new SliverProcesses(cgroups);
        this.cpuCapacityPercent = cpuCapacityPercent;
    }

    public static SliverNetworkSpec networkSpec(VmRecord vm) {
        return new SliverNetworkSpec(vm.name(), vm.index(), vm.rspec().count(RspecAttribute.BASE_RATE),
                vm.rspec().count(RspecAttribute.BURST_RATE), vm.rspec().count(RspecAttribute.SUSTAINED_RATE), vm.ownerVm());
    }

    @Override
    public void start(VmRecord vm) {
        SliverNetworkHandle handle = network.attach(networkSpec(vm));
        handles.put(vm.name(), handle);
        cgroups.create(vm.name(), CgroupLimits.of(vm.rspec(), weightOf(vm)));
        writeSliverFiles(vm);
        if (processes.init(vm.name()).isPresent()) {
            return;
        }
        List<String> arguments = new ArrayList<>(List.of("start",
                "--name", vm.name(),
                "--image", config.imageDirectory().toString(),
                "--lower", layout.lower(vm.name()).toString(),
                "--root", layout.root(vm.name()).toString(),
                "--disk", layout.disk(vm.name()).toString(),
                "--quota-bytes", Long.toString(quotaBytes(vm)),
                "--netns", handle.namespacePath().toString(),
                "--uid-base", Long.toString(config.uidBaseOf(vm.index())),
                "--planetlab-dir", layout.planetlab(vm.name()).toString(),
                "--socket", layout.socket().toString(),
                "--nofile", Long.toString(vm.rspec().count(RspecAttribute.NOFILE_LIMIT))));
        for (Path procs : cgroups.procsFiles(vm.name())) {
            arguments.add("--cgroup-procs");
            arguments.add(procs.toString());
        }
        runner.run(arguments);
    }

    @Override
    public void stop(VmRecord vm) {
        processes.killAll(vm.name());
    }

    @Override
    public void destroy(VmRecord vm) {
        remove(vm.name());
    }

    private void remove(String name) {
        processes.killAll(name);
        cgroups.remove(name);
        network.detach(name);
        handles.remove(name);
        runner.run(List.of("disk-remove", layout.disk(name).toString()));
        deleteTree(layout.sliverDirectory(name));
        synchronized (demands) {
            demands.remove(name);
            weights.remove(name);
        }
    }

    @Override
    public void update(VmRecord vm) {
        cgroups.apply(vm.name(), CgroupLimits.of(vm.rspec(), weightOf(vm)));
        writeSliverFiles(vm);
        network.update(networkSpec(vm));
        runner.run(List.of("disk-limit", layout.disk(vm.name()).toString(), Long.toString(quotaBytes(vm))));
    }

    @Override
    public boolean running(VmRecord vm) {
        return processes.init(vm.name()).isPresent();
    }

    /** The host pid of the sliver's init, if it runs: what {@link SliverExec} enters. */
    public Optional<Long> initPid(String sliver) {
        return processes.init(sliver);
    }

    public List<Path> cgroupProcsFiles(String sliver) {
        return cgroups.procsFiles(sliver);
    }

    public Optional<SliverNetworkHandle> networkHandle(String sliver) {
        return Optional.ofNullable(handles.get(sliver));
    }

    @Override
    public SliverUsage usage(VmRecord vm) {
        TrafficCounters traffic = network.counters().getOrDefault(vm.name(), new TrafficCounters(0, 0, 0, 0));
        return new SliverUsage(cgroups.cpuNanoseconds(vm.name()), cgroups.memoryBytes(vm.name()), disk.usedBytes(vm.name()),
                cgroups.pids(vm.name()).size(), traffic.bytesSent(), traffic.packetsSent(), traffic.bytesReceived(),
                traffic.packetsReceived());
    }

    @Override
    public Collection<String> removeOrphans(Collection<VmRecord> desired) {
        Set<String> wanted = new TreeSet<>();
        desired.forEach(vm -> wanted.add(vm.name()));
        Set<String> found = new TreeSet<>(cgroups.slivers());
        found.addAll(disk.slivers());
        found.addAll(directoryNames(layout.slivers()));
        found.removeAll(wanted);
        for (String orphan : found) {
            remove(orphan);
        }
        network.reconcile(desired.stream().map(LinuxSliverRuntime::networkSpec).toList());
        return found;
    }

    private long weightOf(VmRecord vm) {
        synchronized (demands) {
            demands.put(vm.name(), new CpuWeights.Demand(vm.rspec().count(RspecAttribute.CPU_SHARE),
                    vm.rspec().count(RspecAttribute.CPU_GUARANTEE)));
            Map<String, Long> computed = CpuWeights.compute(demands, cpuCapacityPercent);
            computed.forEach((name, weight) -> {
                Long previous = weights.put(name, weight);
                if (!name.equals(vm.name()) && previous != null && !previous.equals(weight)) {
                    cgroups.setCpuWeight(name, weight);
                }
            });
            return computed.get(vm.name());
        }
    }

    private static long quotaBytes(VmRecord vm) {
        return Math.max(1, vm.rspec().count(RspecAttribute.DISK_QUOTA)) * MEGABYTE;
    }

    /** The sliver's read-only /.planetlab: bootscript, keys, name, and the socket's mount point. */
    private void writeSliverFiles(VmRecord vm) {
        Path directory = layout.planetlab(vm.name());
        try {
            Files.createDirectories(directory);
            Files.createDirectories(layout.root(vm.name()));
            Files.createDirectories(layout.lower(vm.name()));
            replace(directory.resolve("bootscript"), vm.rspec().valueOrDefault(RspecAttribute.BOOTSCRIPT));
            replace(directory.resolve("authorized_keys"), vm.rspec().keys().isEmpty() ? "" : String.join("\n", vm.rspec().keys()) + "\n");
            replace(directory.resolve("slice"), vm.name() + "\n");
            Path socketMountPoint = directory.resolve("node-manager.sock");
            if (!Files.exists(socketMountPoint)) {
                Files.createFile(socketMountPoint);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the files of sliver " + vm.name(), e);
        }
    }

    private static void replace(Path file, String content) throws IOException {
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(temporary, content, StandardCharsets.UTF_8);
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static Set<String> directoryNames(Path directory) {
        Set<String> names = new TreeSet<>();
        if (Files.isDirectory(directory)) {
            try (var children = Files.list(directory)) {
                children.forEach(child -> names.add(child.getFileName().toString()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return names;
    }

    static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            for (Path path : paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new PlanetLabException(org.planetlab.api.error.ErrorCode.HOST_OPERATION_FAILED,
                    "cannot remove " + root + ": " + e.getMessage(), e);
        }
    }
}
