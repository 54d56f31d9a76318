package org.planetlab.node.sliver;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.api.rspec.PortList;
import org.planetlab.api.rspec.RspecAttribute;
import org.planetlab.node.config.NodeAgentConfig;
import org.planetlab.node.host.HostCommand;
import org.planetlab.node.net.PortReservation;
import org.planetlab.node.net.SliverNetwork;
import org.planetlab.node.net.SliverNetworkHandle;

import org.planetlab.node.net.SliverNetworkSpec;
import org.planetlab.node.net.TrafficCounters;
import org.planetlab.node.sliver.SpareSlivers.SpareSliver;
import org.planetlab.node.sliver.image.ImageSettings;
import org.planetlab.node.sliver.image.PackageLayers;
import org.planetlab.node.sliver.image.PackageSources;
import org.planetlab.node.sliver.image.SliverImages;
import org.planetlab.node.state.VmRecord;

/**
 * Slivers as Linux containers (docs/node-agent.md): network from {@link SliverNetwork}, cgroups
 * from {@link Cgroups}, a btrfs subvolume from {@link SliverDisk}, and everything else (user,
 * mount, pid, uts, ipc and cgroup namespaces, the overlay root over the uid-shifted image, the
 * masked /proc and /sys, init) from one run of the native {@link SliverRunner}.
 *
 * <p>A new sliver takes a spare ({@link SpareSlivers}) when one is ready: its cgroups, subvolume
 * and directory are renamed to the sliver's and its standby runner does the start, so a create
 * neither moves a process between cgroups nor starts a process. The network's namespaces are
 * made by the runner inside user namespaces of their own ({@link RunnerNamespaces}), which the
 * sliver's root is mapped into.
 */
public final class LinuxSliverRuntime implements SliverRuntime {
    private static final long MEGABYTE = 1024 * 1024;
    /** Spares kept ready; a burst of creates beyond them builds everything in the call. */
    public static final int DEFAULT_SPARES = 8;

    private final NodeAgentConfig config;
    private final SliverLayout layout;
    private final SliverNetwork network;
    private final Cgroups cgroups;
    private final SliverRunner runner;
    private final SliverDisk disk;
    private final SliverProcesses processes;
    private final SpareSlivers spares;
    private final long cpuCapacityPercent;
    private final PackageSources packageSources;
    private final SliverImages images;
    private final Map<String, SliverNetworkHandle> handles = new ConcurrentHashMap<>();
    private final Map<String, CpuWeights.Demand> demands = new HashMap<>();
    private final Map<String, Long> weights = new HashMap<>();
    /** How many of {@link #demands} have a guarantee; while none has, a weight depends on its own demand only. */
    private int guaranteedDemands;

    /** A runtime keeping {@link #DEFAULT_SPARES} spares, made on a thread of its own. */
    public LinuxSliverRuntime(NodeAgentConfig config, SliverNetwork network, Cgroups cgroups, SliverRunner runner, SliverDisk disk,
            long cpuCapacityPercent) {
        this(config, network, cgroups, runner, disk, cpuCapacityPercent, DEFAULT_SPARES,
                Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("spare-slivers").daemon().factory()));
    }

    /**
     * @param spareCount spares kept ready (0: every create builds everything)
     * @param spareExecutor makes and removes spares, one task at a time, some of them after a delay
     */
    public LinuxSliverRuntime(NodeAgentConfig config, SliverNetwork network, Cgroups cgroups, SliverRunner runner, SliverDisk disk,
            long cpuCapacityPercent, int spareCount, ScheduledExecutorService spareExecutor) {
        this.config = requireNonNull(config, "config is null");
        this.layout = new SliverLayout(config);
        this.network = requireNonNull(network, "network is null");
        this.cgroups = requireNonNull(cgroups, "cgroups is null");
        this.runner = requireNonNull(runner, "runner is null");
        this.disk = requireNonNull(disk, "disk is null");
        this.processes = new SliverProcesses(cgroups);
        this.spares = new SpareSlivers(layout, cgroups, runner, spareCount, spareExecutor);
        this.cpuCapacityPercent = cpuCapacityPercent;
        this.packageSources = PackageSources.from(config.network());
        ImageSettings imageSettings = ImageSettings.from(config);
        PackageLayers layers = new PackageLayers(imageSettings, config.prefix(), HostCommand.onHost(),
                Executors.newSingleThreadExecutor(Thread.ofPlatform().name("package-layers").daemon().factory()), Clock.systemUTC());
        layers.removeLeftovers();
        this.images = new SliverImages(imageSettings, layers);
        network.useNamespaceFactory(new RunnerNamespaces(runner));
    }

    public static SliverNetworkSpec networkSpec(VmRecord vm) {
        return new SliverNetworkSpec(vm.name(), vm.index(), vm.rspec().count(RspecAttribute.BASE_RATE),
                vm.rspec().count(RspecAttribute.BURST_RATE), vm.rspec().count(RspecAttribute.SUSTAINED_RATE), vm.ownerVm(),
                vm.sliceId(), vm.boundBy(),
                new PortReservation(PortList.parse("tcp_ports", vm.rspec().valueOrDefault(RspecAttribute.TCP_PORTS)),
                        PortList.parse("udp_ports", vm.rspec().valueOrDefault(RspecAttribute.UDP_PORTS)),
                        vm.rspec().count(RspecAttribute.PRIVILEGED_PORTS) == 1));
    }

    /**
     * Its image is chosen first ({@link SliverImages}): a vref the node does not offer, or a
     * package layer not built yet, refuses the start before anything of the sliver is made.
     */
    @Override
    public void start(VmRecord vm) {
        Path image = images.imageOf(vm);
        SliverNetworkHandle handle = network.attach(networkSpec(vm));
        handles.put(vm.name(), handle);
        Optional<SpareSliver> spare = isNew(vm.name()) ? spares.take() : Optional.empty();
        if (spare.isPresent()) {
            startFromSpare(vm, image, handle, spare.get());
            return;
        }
        cgroups.create(vm.name(), CgroupLimits.of(vm.rspec(), weightOf(vm), cpuCapacityPercent));
        writeSliverFiles(vm);
        if (processes.init(vm.name()).isPresent()) {
            return;
        }
        List<String> arguments = startArguments(vm, image, handle);
        for (Path procs : cgroups.procsFiles(vm.name())) {
            arguments.add("--cgroup-procs");
            arguments.add(procs.toString());
        }
        runner.run(arguments);
    }

    /** No object of the sliver exists yet: neither cgroups nor its disk (kept across reboots) nor its directories. */
    private boolean isNew(String name) {
        return !cgroups.exists(name) && !Files.exists(layout.disk(name)) && !Files.exists(layout.sliverDirectory(name))
                && !Files.exists(layout.planetlab(name));
    }

    /**
     * Gives the spare's objects the sliver's names and lets its standby runner start the sliver.
     * If that fails, the bind removes whatever carries the sliver's name, and what still carries
     * the spare's is removed here.
     */
    private void startFromSpare(VmRecord vm, Path image, SliverNetworkHandle handle, SpareSliver spare) {
        StandbyRunner standby = spare.runner();
        try {
            if (!cgroups.renamable()) {
                cgroups.create(vm.name(), CgroupLimits.of(vm.rspec(), weightOf(vm), cpuCapacityPercent));
            }
            Files.move(layout.spareDisk(spare.number()), layout.disk(vm.name()));
            // The first sliver of a fresh agent may come from a spare: nothing made the slivers' directory yet.
            Files.createDirectories(layout.slivers());
            Files.move(layout.spareDirectory(spare.number()), layout.sliverDirectory(vm.name()));
            Files.move(layout.sparePlanetlab(spare.number()), layout.planetlab(vm.name()));
            List<String> arguments = startArguments(vm, image, handle);
            if (!cgroups.renamable()) {
                for (Path procs : cgroups.procsFiles(vm.name())) {
                    arguments.add("--cgroup-procs");
                    arguments.add(procs.toString());
                }
            }
            // The runner builds the sliver while the cgroups get their name and limits and
            // /.planetlab its files; its init runs the bootscript only once they have.
            standby.send(arguments);
            if (cgroups.renamable()) {
                cgroups.rename(spare.cgroupName(), vm.name());
                cgroups.apply(vm.name(), CgroupLimits.of(vm.rspec(), weightOf(vm), cpuCapacityPercent));
            }
            writeSliverFiles(vm);
            standby.awaitStarted();
            standby.finish();
            runner.release(standby);
        } catch (IOException | RuntimeException e) {
            spares.removeQuietly(spare);
            throw e instanceof IOException io ? new UncheckedIOException("cannot give spare " + spare.number() + " to " + vm.name(), io)
                    : (RuntimeException) e;
        }
    }

    private List<String> startArguments(VmRecord vm, Path image, SliverNetworkHandle handle) {
        return new ArrayList<>(List.of("start",
                "--name", vm.name(),
                "--image", image.toString(),
                "--root", layout.root(vm.name()).toString(),
                "--disk", layout.disk(vm.name()).toString(),
                "--quota-bytes", Long.toString(quotaBytes(vm)),
                "--netns", handle.namespacePath().toString(),
                "--uid-base", Long.toString(config.uidBaseOf(vm.index())),
                "--planetlab-dir", layout.planetlab(vm.name()).toString(),
                "--socket", layout.socket().toString(),
                "--nofile", Long.toString(vm.rspec().count(RspecAttribute.NOFILE_LIMIT))));
    }

    @Override
    public void stop(VmRecord vm) {
        processes.killAll(vm.name());
    }

    /** A sliver whose start was refused before anything of it was made (its image is not there yet) has nothing to remove. */
    @Override
    public void destroy(VmRecord vm) {
        if (!handles.containsKey(vm.name()) && isNew(vm.name())) {
            network.detach(vm.name());
            return;
        }
        remove(vm.name());
    }

    /**
     * Removes a sliver's objects. Its cgroups go last, once its files are gone (so no page of them
     * is still charged), and are kept for a later spare when the spares want them.
     */
    private void remove(String name) {
        processes.killAll(name);
        network.detach(name);
        handles.remove(name);
        runner.run(List.of("disk-remove", layout.disk(name).toString()));
        deleteTree(layout.sliverDirectory(name));
        deleteTree(layout.planetlab(name));
        if (!spares.recycle(name)) {
            cgroups.remove(name);
        }
        synchronized (demands) {
            CpuWeights.Demand removed = demands.remove(name);
            if (removed != null && removed.guaranteePercent() != 0) {
                guaranteedDemands--;
            }
            weights.remove(name);
        }
    }

    @Override
    public void update(VmRecord vm) {
        cgroups.apply(vm.name(), CgroupLimits.of(vm.rspec(), weightOf(vm), cpuCapacityPercent));
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

    /** The images slivers are built over, with their package layers. */
    public SliverImages images() {
        return images;
    }

    /** Stops a package layer build that runs; no other starts. */
    public void closeImages() {
        images.layers().close();
    }

    /** Waits until the spares are made (or removed); for tests and benchmarks. */
    public void awaitSpares(Duration timeout) {
        spares.awaitIdle(timeout);
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
                traffic.packetsReceived(), CgroupLimits.effectiveCap(vm.rspec(), cpuCapacityPercent),
                cgroups.cpuThrottledNanoseconds(vm.name()));
    }

    /**
     * Also removes every spare (they are volatile, and those of an agent that crashed may be
     * half made), then starts making new ones unless the runner was closed (a node shutdown).
     */
    @Override
    public Collection<String> removeOrphans(Collection<VmRecord> desired) {
        spares.removeAll();
        Set<String> wanted = new TreeSet<>();
        desired.forEach(vm -> wanted.add(vm.name()));
        Set<String> found = new TreeSet<>(cgroups.slivers());
        found.removeIf(name -> SliverLayout.spareNumber(name).isPresent());
        found.addAll(disk.slivers());
        found.addAll(directoryNames(layout.slivers()));
        found.addAll(directoryNames(layout.planetlabDirectories()));
        found.removeAll(wanted);
        for (String orphan : found) {
            remove(orphan);
        }
        network.reconcile(desired.stream().map(LinuxSliverRuntime::networkSpec).toList());
        if (!runner.closed()) {
            spares.activate();
        }
        return found;
    }

    private long weightOf(VmRecord vm) {
        synchronized (demands) {
            CpuWeights.Demand demand = new CpuWeights.Demand(vm.rspec().count(RspecAttribute.CPU_SHARE),
                    vm.rspec().count(RspecAttribute.CPU_GUARANTEE));
            CpuWeights.Demand previousDemand = demands.put(vm.name(), demand);
            guaranteedDemands += (demand.guaranteePercent() != 0 ? 1 : 0)
                    - (previousDemand != null && previousDemand.guaranteePercent() != 0 ? 1 : 0);
            if (guaranteedDemands == 0) {
                // Without guarantees every weight is the sliver's own share: no other sliver's changes.
                long weight = CpuWeights.withoutGuarantees(demand);
                weights.put(vm.name(), weight);
                return weight;
            }
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

    /**
     * The sliver's read-only /.planetlab: bootscript, keys, name, where apt finds packages, and the
     * socket's mount point.
     */
    private void writeSliverFiles(VmRecord vm) {
        Path directory = layout.planetlab(vm.name());
        try {
            Files.createDirectories(directory);
            Files.createDirectories(layout.root(vm.name()));
            replace(directory.resolve("bootscript"), vm.rspec().valueOrDefault(RspecAttribute.BOOTSCRIPT));
            replace(directory.resolve("authorized_keys"), vm.rspec().keys().isEmpty() ? "" : String.join("\n", vm.rspec().keys()) + "\n");
            replace(directory.resolve("slice"), vm.name() + "\n");
            replace(directory.resolve("apt-sources.list"), packageSources.sourcesList());
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
                throw new UncheckedIOException("cannot list " + directory, e);
            }
        }
        return names;
    }

    /**
     * Removes {@code root} and everything under it. Another party may remove parts of the tree at the
     * same time (a helper's own clean-up of its directory on shutdown): what is already gone is not an
     * error.
     */
    static void deleteTree(Path root) {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes)
                        throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                    if (e instanceof NoSuchFileException) {
                        return FileVisitResult.CONTINUE;
                    }
                    throw e;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path directory, IOException e) throws IOException {
                    if (e != null && !(e instanceof NoSuchFileException)) {
                        throw e;
                    }
                    Files.deleteIfExists(directory);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (NoSuchFileException e) {
            // the root itself went away while it was being removed
        } catch (IOException e) {
            throw new PlanetLabException(org.planetlab.api.error.ErrorCode.HOST_OPERATION_FAILED,
                    "cannot remove " + root + ": " + e.getMessage(), e);
        }
    }
}
