package org.planetlab.bench.node;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.planetlab.bench.measure.CpuSteal;
import org.planetlab.bench.measure.TreeCpu;
import org.planetlab.node.NodeAgent;
import org.planetlab.node.config.NodeAgentConfig;
import org.planetlab.node.config.NodeAgentConfigLoader;
import org.planetlab.node.host.HostCommand;
import org.planetlab.node.manager.Caller;
import org.planetlab.api.rspec.Rspec;

/**
 * Sliver create and teardown on a real node agent: latency with 0 and with 1,000 slivers
 * present, creations per second, teardown acknowledgement, disk and kernel memory per sliver.
 * Run by bin/bench-node (as root); figures go to docs/benchmarks-node.md by hand.
 *
 * <p>Arguments: [work directory, default /var/tmp/planetlab-bench-node] [slivers, default 1000]
 * [network: {@code bare} (default, one bare namespace per sliver) or {@code linux} (the shipped
 * sliver network in a node namespace with an uplink to an "internet" namespace, nothing
 * connected to the machine's own network)]
 */
public final class SliverBenchmark {
    private static final int SAMPLES = 1000;
    /**
     * Unmeasured create-and-destroy cycles before each measured phase: the agent is a long-lived
     * daemon, and without them the JIT compiler still takes a quarter of the two cores while the
     * phase with 1,000 slivers is measured.
     */
    private static final int WARM_UP = 200;
    private static final int PARALLEL_BINDS = 8;
    /** Slivers present for the second idle measure. */
    private static final int IDLE_FEW = 10;
    private static final int IDLE_SECONDS = 10;

    private final Path work;
    private final int slivers;
    private NodeAgent agent;
    private BareNamespaceNetwork network;
    private int serial;

    private final boolean linuxNetwork;

    private SliverBenchmark(Path work, int slivers, boolean linuxNetwork) {
        this.work = work;
        this.slivers = slivers;
        this.linuxNetwork = linuxNetwork;
    }

    public static void main(String[] arguments) throws Exception {
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                .setLevel(ch.qos.logback.classic.Level.WARN);
        Path work = Path.of(arguments.length > 0 ? arguments[0] : "/var/tmp/planetlab-bench-node");
        int slivers = arguments.length > 1 ? Integer.parseInt(arguments[1]) : 1000;
        boolean linux = arguments.length > 2 && arguments[2].equals("linux");
        new SliverBenchmark(work, slivers, linux).run();
    }

    private void run() throws Exception {
        Path image = work.resolve("image");
        if (!Files.isDirectory(image.resolve("bin"))) {
            HostCommand.onHost().run(List.of(Path.of("bin/build-sliver-image").toAbsolutePath().toString(), "busybox", image.toString()));
        }
        deleteTree(work.resolve("state"));
        Map<String, String> values = new java.util.HashMap<>(Map.of(
                "prefix", "bench",
                "state-dir", work.resolve("state").toString(),
                "run-dir", "/run/planetlab-bench-node",
                "image-dir", image.toString(),
                "uid-base", "2000000000",
                "max-slivers", Integer.toString(slivers + 100),
                "disk-image-gigabytes", "32"));
        network = new BareNamespaceNetwork("bench");
        if (linuxNetwork) {
            values.putAll(LinuxNode.create());
        }
        NodeAgentConfig config = NodeAgentConfigLoader.fromMap(values);
        agent = linuxNetwork
                ? new NodeAgent(config, org.planetlab.node.NodeAgentMain::linuxNetwork, org.planetlab.node.NodeAgentMain.nodeCommand(config))
                : new NodeAgent(config, ignored -> network, HostCommand.onHost());
        try {
            agent.start();
            measure(config);
        } finally {
            int recorded = agent.manager().recordedVms().size();
            long started = System.nanoTime();
            agent.shutDownNode();
            System.out.printf("node shut down (%d slivers stopped and their kernel objects removed) in %.1f s%n",
                    recorded, (System.nanoTime() - started) / 1e9);
            deleteTree(work.resolve("state"));
            removeRunDirectory(config.runDirectory());
            if (linuxNetwork) {
                LinuxNode.remove();
            }
        }
    }

    private void measure(NodeAgentConfig config) throws Exception {
        CpuSteal steal = new CpuSteal();
        warmUp(1);
        long attachBefore = network.attachNanos.get();
        double cpuBefore = TreeCpu.millis();
        double jvmBefore = TreeCpu.jvmMillis();
        List<Long> createEmpty = new ArrayList<>();
        List<Long> destroyEmpty = new ArrayList<>();
        for (int sample = 0; sample < SAMPLES; sample++) {
            String rcap = pool();
            long started = System.nanoTime();
            String name = create(rcap);
            createEmpty.add(System.nanoTime() - started);
            started = System.nanoTime();
            destroy(name);
            destroyEmpty.add(System.nanoTime() - started);
            awaitTeardowns(1);
        }
        double attachEmpty = (network.attachNanos.get() - attachBefore) / 1e6 / SAMPLES;
        double cpuEmpty = (TreeCpu.millis() - cpuBefore) / SAMPLES;
        double jvmEmpty = (TreeCpu.jvmMillis() - jvmBefore) / SAMPLES;
        double idleNone = idleCpuPerSecond();
        List<String> ten = new ArrayList<>();
        for (int count = 0; count < IDLE_FEW; count++) {
            ten.add(create());
        }
        double idleFew = idleCpuPerSecond();
        ten.forEach(this::destroy);
        awaitTeardowns(1);
        long diskBefore = diskUsed(config);
        long memoryBefore = memoryUsed();
        long kernelBefore = kernelMemory();
        List<String> pools = new ArrayList<>();
        for (int count = 0; count < slivers; count++) {
            pools.add(pool());
        }
        long started = System.nanoTime();
        List<Long> fill = java.util.Collections.synchronizedList(new ArrayList<>());
        java.util.concurrent.ExecutorService binders = java.util.concurrent.Executors.newFixedThreadPool(PARALLEL_BINDS,
                Thread.ofPlatform().name("bench-binder-", 0).factory());
        List<java.util.concurrent.Future<?>> binds = new ArrayList<>();
        for (String rcap : pools) {
            String name = "bench_" + serial++;
            binds.add(binders.submit(() -> {
                long one = System.nanoTime();
                agent.manager().bind(rcap, name, Rspec.EMPTY);
                fill.add(System.nanoTime() - one);
            }));
        }
        for (java.util.concurrent.Future<?> bind : binds) {
            bind.get();
        }
        binders.shutdown();
        double fillSeconds = (System.nanoTime() - started) / 1e9;
        sync();
        long diskPerSliver = (diskUsed(config) - diskBefore) / slivers;
        long memoryPerSliver = (memoryUsed() - memoryBefore) / slivers;
        long kernelPerSliver = (kernelMemory() - kernelBefore) / slivers;
        long running = agent.manager().recordedVms().stream().filter(vm -> agent.runtime().running(vm)).count();

        double idleFull = idleCpuPerSecond();
        warmUp(slivers + 1);
        cpuBefore = TreeCpu.millis();
        jvmBefore = TreeCpu.jvmMillis();
        System.err.println(java.time.Instant.now() + " measured creates with " + slivers + " present begin");
        List<Long> createFull = new ArrayList<>();
        List<Long> destroyFull = new ArrayList<>();
        for (int sample = 0; sample < SAMPLES; sample++) {
            String rcap = pool();
            long one = System.nanoTime();
            String name = create(rcap);
            createFull.add(System.nanoTime() - one);
            one = System.nanoTime();
            destroy(name);
            destroyFull.add(System.nanoTime() - one);
            awaitTeardowns(slivers + 1);
        }
        double cpuFull = (TreeCpu.millis() - cpuBefore) / SAMPLES;
        System.err.println(java.time.Instant.now() + " measured creates with " + slivers + " present end");
        double jvmFull = (TreeCpu.jvmMillis() - jvmBefore) / SAMPLES;
        System.out.println();
        System.out.println("| measure | value |");
        System.out.println("|---|---|");
        row("create, 0 slivers present, p50 / p99", createEmpty);
        if (!linuxNetwork) {
            System.out.printf("| of which creating the network namespace (ip netns add), mean | %.2f ms |%n", attachEmpty);
        }
        row("teardown acknowledged, 0 present, p50 / p99", destroyEmpty);
        row("create, " + slivers + " slivers present, p50 / p99", createFull);
        row("teardown acknowledged, " + slivers + " present, p50 / p99", destroyFull);
        System.out.printf("| CPU per create and teardown, 0 / %d present (agent, its runners and helpers) | %.1f / %.1f ms |%n",
                slivers, cpuEmpty, cpuFull);
        System.out.printf("| ... of which the JVM (agent and benchmark), 0 / %d present | %.1f / %.1f ms |%n", slivers, jvmEmpty, jvmFull);
        System.out.printf("| CPU per second of the idle agent, 0 / %d / %d slivers present | %.1f / %.1f / %.1f ms |%n",
                IDLE_FEW, slivers, idleNone, idleFew, idleFull);
        row("create while filling to " + slivers + " with " + PARALLEL_BINDS + " binds in parallel, p50 / p99", fill);
        System.out.printf("| creations per second while filling (%d binds in parallel) | %.0f /s |%n", PARALLEL_BINDS, slivers / fillSeconds);
        System.out.printf("| slivers living at once | %d (init running in each) |%n", running);
        System.out.printf("| disk per new sliver | %.1f KiB |%n", diskPerSliver / 1024.0);
        System.out.printf("| memory per idle sliver (MemTotal - MemAvailable) | %.0f KiB |%n", memoryPerSliver / 1024.0);
        System.out.printf("| kernel memory per idle sliver (Slab + KernelStack + PageTables) | %.0f KiB |%n", kernelPerSliver / 1024.0);
        System.out.printf("| load average during the run (other work on the machine) | %s |%n", loadAverage());
        System.out.printf("| CPU time taken by the virtual machine's host during the run | %.0f %% |%n", steal.percentSinceStart());
    }

    /** CPU the agent uses per second while nothing is asked of it, over {@link #IDLE_SECONDS} after a settling second. */
    private double idleCpuPerSecond() throws InterruptedException {
        agent.runtime().awaitSpares(java.time.Duration.ofSeconds(30));
        Thread.sleep(2000);
        List<Long> tree = TreeCpu.tree();
        Map<String, Long> threadsBefore = TreeCpu.threadTicks();
        double before = TreeCpu.millis(tree);
        double jvm = TreeCpu.jvmMillis();
        Thread.sleep(IDLE_SECONDS * 1000L);
        double used = (TreeCpu.millis(tree) - before) / IDLE_SECONDS;
        double jvmUsed = (TreeCpu.jvmMillis() - jvm) / IDLE_SECONDS;
        Map<String, Long> threads = TreeCpu.threadTicks();
        threads.replaceAll((name, ticks) -> ticks - threadsBefore.getOrDefault(name, 0L));
        System.err.printf("%s idle: %.1f ms CPU per second, of which the JVM %.1f; JVM threads (ticks over %d s): %s%n",
                java.time.Instant.now(), used, jvmUsed, IDLE_SECONDS,
                threads.entrySet().stream().filter(entry -> entry.getValue() > 0)
                        .sorted(Map.Entry.<String, Long>comparingByValue().reversed()).toList());
        return used;
    }

    /** {@link #WARM_UP} unmeasured cycles of the measured loop; {@code present} VMs remain. */
    private void warmUp(int present) throws InterruptedException {
        for (int cycle = 0; cycle < WARM_UP; cycle++) {
            destroy(create());
            awaitTeardowns(present);
        }
    }

    /** A pool for the next sliver, made outside the timed part: pools exist before slices are bound. */
    private String pool() {
        return agent.manager().createPool(Caller.HOST_ROOT, Rspec.EMPTY, "plc.scs");
    }

    private String create() {
        return create(pool());
    }

    /** Binds a pool to a new slice: records the VM and builds all its kernel objects and its init. */
    private String create(String rcap) {
        String name = "bench_" + serial++;
        agent.manager().bind(rcap, name, Rspec.EMPTY);
        return name;
    }

    private void destroy(String name) {
        agent.manager().destroyVm(Caller.HOST_ROOT, name);
    }

    /** Waits until the background teardowns have left {@code remaining} VMs (including site_admin). */
    private void awaitTeardowns(int remaining) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (agent.manager().recordedVmCount() > remaining && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
    }

    private static void row(String measure, List<Long> nanos) {
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        double p50 = sorted.get(sorted.size() / 2) / 1e6;
        System.out.printf("| %s | %.2f ms / %.2f ms (p90 %.2f, max %.2f) |%n", measure, p50, percentile(sorted, 0.99),
                percentile(sorted, 0.90), sorted.getLast() / 1e6);
    }

    /** The nearest-rank percentile of sorted nanoseconds, in milliseconds. */
    private static double percentile(List<Long> sorted, double fraction) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(sorted.size() * fraction) - 1)) / 1e6;
    }

    /**
     * Bytes used on the sliver disk plus the agent's per-sliver files on the host, once the
     * subvolumes of destroyed slivers are cleaned up (btrfs frees their space in the background,
     * and a measure taken while it still does so would count the freeing against the new slivers).
     */
    private static long diskUsed(NodeAgentConfig config) {
        HostCommand.onHost().run(List.of("btrfs", "subvolume", "sync", config.runDirectory().resolve("disk").toString()));
        sync();
        String usage = HostCommand.onHost().run(List.of("btrfs", "filesystem", "usage", "-b", config.runDirectory().resolve("disk").toString()));
        long btrfs = usage.lines().filter(line -> line.strip().startsWith("Used:")).findFirst()
                .map(line -> Long.parseLong(line.strip().split("\\s+")[1])).orElse(0L);
        String files = HostCommand.onHost().run(List.of("du", "-s", "-B1", config.runDirectory().resolve("slivers").toString(),
                config.stateDirectory().resolve("table").toString()));
        return btrfs + files.lines().mapToLong(line -> Long.parseLong(line.split("\\s+")[0])).sum();
    }

    private static long memoryUsed() throws IOException {
        long total = 0;
        long available = 0;
        for (String line : Files.readAllLines(Path.of("/proc/meminfo"), StandardCharsets.UTF_8)) {
            String[] fields = line.split("\\s+");
            if (fields[0].equals("MemTotal:")) {
                total = Long.parseLong(fields[1]) * 1024;
            } else if (fields[0].equals("MemAvailable:")) {
                available = Long.parseLong(fields[1]) * 1024;
            }
        }
        return total - available;
    }

    private static long kernelMemory() throws IOException {
        long total = 0;
        for (String line : Files.readAllLines(Path.of("/proc/meminfo"), StandardCharsets.UTF_8)) {
            String[] fields = line.split("\\s+");
            if (fields[0].equals("Slab:") || fields[0].equals("KernelStack:") || fields[0].equals("PageTables:")) {
                total += Long.parseLong(fields[1]) * 1024;
            }
        }
        return total;
    }

    private static String loadAverage() throws IOException {
        return Files.readString(Path.of("/proc/loadavg")).split(" ", 4)[0] + " (1 min)";
    }

    private static void sync() {
        HostCommand.onHost().run(List.of("sync"));
    }

    /**
     * The sliver directories a shut-down node keeps for its next start; removed unless something
     * is still mounted under them (then it is left for a look).
     */
    private static void removeRunDirectory(Path run) throws IOException {
        String prefix = run.toAbsolutePath() + "/";
        boolean mounted = Files.readAllLines(Path.of("/proc/self/mountinfo")).stream()
                .map(line -> line.split(" ")[4])
                .anyMatch(point -> point.startsWith(prefix) || point.equals(run.toAbsolutePath().toString()));
        if (mounted) {
            System.out.println("left " + run + " in place: something is still mounted under it");
            return;
        }
        deleteTree(run);
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
