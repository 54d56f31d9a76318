package org.planetlab.bench.slices;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.planetlab.api.client.Credentials;
import org.planetlab.api.client.PlcClient;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.bench.measure.Latencies;
import org.planetlab.node.host.HostCommand;
import org.planetlab.api.nodemanager.NodeManagerClient;
import org.planetlab.testbed.SshProbe;
import org.planetlab.testbed.Testbed;
import org.planetlab.testbed.TestbedLayout;
import org.planetlab.testbed.TestbedSeed;

/**
 * From the PLC call to slivers people can log into, on a testbed in a box: PLC and N nodes (10 by
 * default), each a network namespace running the real node agent and slice creation service.
 *
 * <p>Once the testbed is up, it waits for the machine to be quiet (its JVMs done starting and
 * compiling: 90 % idle over 10 s, 3 minutes at most), then makes 5 runs that are not counted. Each run, the demo site's PI creates a slice with the demo user in it (not timed); then the
 * user's {@code AddSliceToNodes} naming every node is sent, and from the moment it is sent each
 * node is watched by a thread of its own: first its node manager, until the sliver is RUNNING,
 * then the OpenSSH client, {@code ssh <slice>@<node> true} with the user's key, until a login
 * succeeds. A node is "SSH-able" at the start of its first successful login, and the run's figure
 * is the last node's. Then the user's {@code StopSlice} is sent and every node watched until no
 * process of the slice is left (the stop's propagation). The slice is deleted and its slivers
 * awaited gone before the next run.
 *
 * <p>Then login times: OpenSSH's client against the node's SSH gateway and against OpenSSH's own
 * sshd on loopback (if {@code /usr/sbin/sshd} exists), each with curve25519-sha256 and with the
 * client's default key exchange.
 *
 * <p>Needs root. Arguments: {@code [runs] [nodes] [figures-file] [warm-up runs]}; the testbed uses prefix
 * {@code plbs}, subnet 10.79.0 and port 28443, so it does not touch a testbed of {@code bin/testbed}.
 */
public final class SliceLatencyBenchmark {
    private static final int DEFAULT_WARM_UP = 5;
    /**
     * After the testbed is up its JVMs compile and fetch their first views; timing starts once the
     * machine has been at least {@code QUIET_IDLE} idle for {@code SETTLE}, or after {@code SETTLE_LIMIT}
     * (on a machine others use, {@code PLANETLAB_BENCH_QUIET_LIMIT_SECONDS} shortens the wait).
     */
    private static final Duration SETTLE = Duration.ofSeconds(10);
    private static final double QUIET_IDLE = 0.90;
    private static final Duration SETTLE_LIMIT = Duration.ofSeconds(Long.parseLong(
            java.util.Objects.requireNonNullElse(System.getenv("PLANETLAB_BENCH_QUIET_LIMIT_SECONDS"), "180")));
    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(60);
    private static final int LOGINS = 20;

    private final int warmUp;
    private final TestbedLayout layout;
    private final Testbed.Started started;
    private final Path key;
    private final ExecutorService watchers;

    private SliceLatencyBenchmark(TestbedLayout layout, Testbed.Started started, int warmUp) {
        this.warmUp = warmUp;
        this.layout = layout;
        this.started = started;
        this.key = layout.demoDir().resolve("id_ed25519");
        this.watchers = Executors.newFixedThreadPool(layout.nodeCount());
    }

    public static void main(String[] arguments) throws Exception {
        int runs = arguments.length > 0 ? Integer.parseInt(arguments[0]) : 20;
        int nodes = arguments.length > 1 ? Integer.parseInt(arguments[1]) : 10;
        Path figures = arguments.length > 2 && !arguments[2].isEmpty() ? Path.of(arguments[2]) : null;
        int warmUp = arguments.length > 3 ? Integer.parseInt(arguments[3]) : DEFAULT_WARM_UP;
        Path root = Path.of(System.getProperty("planetlab.root", ".")).toAbsolutePath().normalize();
        Path work = Files.createTempDirectory("slice-latency");
        TestbedLayout layout = new TestbedLayout(work.resolve("testbed"), nodes, "10.79.0", 28443, "plbs");
        // Each node's boot manager asks for its release as often as a real node's does (hourly),
        // not every 5 s as a testbed's do for quick roll-outs: ten of them, each check a health
        // check of the agent and a report to PLC, took 4-6 % of the two cores beside the creates.
        Testbed testbed = new Testbed(root, HostCommand.onHost()).withReleaseChecksEvery(Duration.ofHours(1));
        PrintWriter out = new PrintWriter(System.out, true);
        Thread cleanup = new Thread(() -> testbed.down(layout.dataDir(), layout.prefix(), out), "slice-latency-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        String report;
        try {
            SliceLatencyBenchmark benchmark = new SliceLatencyBenchmark(layout, testbed.up(layout, out), warmUp);
            try {
                report = benchmark.measure(runs);
            } finally {
                benchmark.watchers.shutdownNow();
            }
        } finally {
            testbed.down(layout.dataDir(), layout.prefix(), out);
            Runtime.getRuntime().removeShutdownHook(cleanup);
            Files.deleteIfExists(work);
        }
        System.out.println(report);
        if (figures != null) {
            Files.writeString(figures, report, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        }
    }

    private String measure(int runs) throws Exception {
        PlcClient pi = started.operator().as(new Credentials.Password(TestbedSeed.PI, started.passwords().get(TestbedSeed.PI)));
        // The user calls with a session, as pl does after "pl session login" and as a portal does:
        // a password is checked with Argon2id, which is slow on purpose.
        PlcClient password = started.operator().as(new Credentials.Password(TestbedSeed.USER, started.passwords().get(TestbedSeed.USER)));
        PlcClient user = password.as(new Credentials.Session((String) password.call("GetSession")));
        List<Object> hostnames = layout.nodes().stream().map(node -> (Object) node.hostname()).toList();
        Latencies running = new Latencies();
        Latencies sshable = new Latencies();
        Latencies loggedIn = new Latencies();
        Latencies perNode = new Latencies();
        Latencies returned = new Latencies();
        Latencies viewTaken = new Latencies();
        Latencies serviceStart = new Latencies();
        Latencies serviceCreate = new Latencies();
        Latencies managerRunning = new Latencies();
        Latencies stopped = new Latencies();
        ProcessCpu cpu = new ProcessCpu(Map.of(
                "PLC", new ProcessCpu.Group("PlcMain", layout.dataDir()),
                "node agents (sliver runners included)", new ProcessCpu.Group("NodeAgentMain", layout.dataDir()),
                "slice creation services", new ProcessCpu.Group("ScsMain", layout.dataDir())));
        Map<String, Latencies> cpuPerRun = new LinkedHashMap<>();
        Latencies agentToRunning = new Latencies();
        Map<Integer, ProcessCpu> agentCpus = new HashMap<>();
        layout.nodes().forEach(node -> agentCpus.put(node.index(), agentCpu(node)));
        String settled = Quiet.await(SETTLE, QUIET_IDLE, SETTLE_LIMIT);
        String load = "";
        for (int run = 0; run < warmUp + runs; run++) {
            if (run == warmUp) {
                load = loadAverage();
            }
            String slice = TestbedSeed.SITE + "_lat" + run;
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("name", slice);
            fields.put("description", "slice latency benchmark");
            fields.put("url", "https://" + TestbedLayout.DOMAIN + "/latency");
            pi.call("AddSlice", fields);
            pi.call("AddPersonToSlice", TestbedSeed.USER, slice);

            List<Future<long[]>> nodes = new ArrayList<>();
            Map<String, Double> cpuBefore = cpu.millis();
            java.time.Instant sentAt = java.time.Instant.now();
            long sent = System.nanoTime();
            for (TestbedLayout.TestbedNode node : layout.nodes()) {
                ProcessCpu agent = agentCpus.get(node.index());
                double agentBefore = agent.millis().get(AGENT);
                nodes.add(watchers.submit(() -> {
                    long[] times = watch(node, agent, slice, sent);
                    return new long[] {times[0], times[1], times[2], (long) ((times[3] / 1e6 - agentBefore) * 1e6)};
                }));
            }
            user.call("AddSliceToNodes", slice, hostnames);
            long callReturned = System.nanoTime() - sent;
            long lastRunning = 0;
            long lastSshable = 0;
            long lastLoggedIn = 0;
            List<Long> sshables = new ArrayList<>();
            List<Long> agentCpuToRunning = new ArrayList<>();
            for (Future<long[]> node : nodes) {
                long[] times = node.get();
                lastRunning = Math.max(lastRunning, times[0]);
                lastSshable = Math.max(lastSshable, times[1]);
                lastLoggedIn = Math.max(lastLoggedIn, times[2]);
                sshables.add(times[1]);
                agentCpuToRunning.add(times[3]);
            }
            if (run >= warmUp) {
                // Up to the last node's first login: what making the slice cost each part, the logins' share included.
                cpu.millis().forEach((group, millis) -> cpuPerRun.computeIfAbsent(group, name -> new Latencies())
                        .add((long) ((millis - cpuBefore.getOrDefault(group, 0.0)) * 1_000_000)));
                returned.add(callReturned);
                for (TestbedLayout.TestbedNode node : layout.nodes()) {
                    NodeLogs.creation(node.directory().resolve("state/scs.log"), node.directory().resolve("agent.log"), slice)
                            .ifPresent(creation -> {
                                viewTaken.add(Duration.between(sentAt, creation.viewTaken()).toNanos());
                                serviceStart.add(Duration.between(sentAt, creation.began()).toNanos());
                                serviceCreate.add(creation.took().toNanos());
                                creation.running().ifPresent(at -> managerRunning.add(Duration.between(sentAt, at).toNanos()));
                            });
                }
                running.add(lastRunning);
                sshable.add(lastSshable);
                loggedIn.add(lastLoggedIn);
                sshables.forEach(perNode::add);
                agentCpuToRunning.forEach(agentToRunning::add);
            }
            long lastStopped = stopEverywhere(user, slice);
            if (run >= warmUp) {
                stopped.add(lastStopped);
            }
            System.out.printf("run %d%s: RUNNING on all %d nodes %.0f ms, SSH-able %.0f ms, logged in %.0f ms, stopped %.0f ms%n",
                    run, run < warmUp ? " (warm-up)" : "", layout.nodeCount(), lastRunning / 1e6, lastSshable / 1e6,
                    lastLoggedIn / 1e6, lastStopped / 1e6);
            pi.call("DeleteSlice", slice);
            awaitGone(slice);
        }
        StringBuilder report = new StringBuilder();
        report.append("\n### ").append(LocalDate.now()).append(", ").append(layout.nodeCount()).append(" nodes, ").append(runs)
                .append(" runs (after ").append(warmUp).append(" warm-up), ").append(settled)
                .append("; load average at the first timed run: ").append(load).append("\n\n")
                .append("| from `AddSliceToNodes` sent to ... | p50 (ms) | p99 (ms) | max (ms) |\n|---|---|---|---|\n");
        row(report, "`AddSliceToNodes` returned", returned);
        row(report, "a node's service took up the view naming the slice (its log), each node separately", viewTaken);
        row(report, "a node's service began creating (its log), each node separately", serviceStart);
        row(report, "a node's service's create (`SplitAndBind`) took (its log)", serviceCreate);
        row(report, "a node's manager logged the sliver running (its log), each node separately", managerRunning);
        row(report, "sliver RUNNING at every node manager (seen by the watcher)", running);
        row(report, "**SSH-able on every node** (start of the first successful login)", sshable);
        row(report, "logged in on every node (end of that login)", loggedIn);
        row(report, "SSH-able, each node separately", perNode);
        row(report, "**`StopSlice` sent → the slice's processes gone on every node** (a separate call, after the logins)",
                stopped);
        report.append("\nCPU time used per run, from the call until the last node's first login ended (/proc, 10 ms ticks):\n\n")
                .append("| processes | p50 (ms) | max (ms) |\n|---|---|---|\n");
        cpuPerRun.forEach((group, millis) -> report.append("| %s | %.0f | %.0f |%n".formatted(group, millis.percentileMillis(50),
                millis.percentileMillis(100))));
        report.append("| one node's agent, from the call until its sliver was RUNNING | %.0f | %.0f |%n".formatted(
                agentToRunning.percentileMillis(50), agentToRunning.percentileMillis(100)));
        report.append("\nLogin time, `ssh ... true` with the OpenSSH client (process start included), ")
                .append(LOGINS).append(" logins after one not counted:\n\n| server | key exchange | p50 (ms) | p99 (ms) |\n|---|---|---|---|\n");
        String address = layout.node(1).address();
        for (String kex : List.of("curve25519-sha256", "")) {
            loginRow(report, "node SSH gateway", kex, List.of(TestbedSeed.SLICE + "@" + address));
        }
        report.append(OpenSshServer.compare(key, LOGINS, this::loginRow));
        return report.toString();
    }

    private static final String AGENT = "agent";

    /** The node's agent, its sliver runners included. */
    private static ProcessCpu agentCpu(TestbedLayout.TestbedNode node) {
        return new ProcessCpu(Map.of(AGENT, new ProcessCpu.Group("NodeAgentMain", node.directory().resolve("node-agent.properties"))));
    }

    /**
     * Times from {@code sent}: the sliver RUNNING, the start and the end of the first successful
     * login; and the agent's CPU time when the sliver was RUNNING (all in nanoseconds).
     */
    private long[] watch(TestbedLayout.TestbedNode node, ProcessCpu agent, String slice, long sent) throws InterruptedException {
        long deadline = sent + RUN_TIMEOUT.toNanos();
        // Woken when the sliver's cgroup appears, then the node manager every 10 ms: watching
        // ten nodes must not take the CPU the nodes need.
        try (CgroupAppearance cgroup = new CgroupAppearance(Path.of("/sys/fs/cgroup/pids", node.agentPrefix(), slice))) {
            if (!cgroup.await(deadline)) {
                check(0, slice + " was not created on " + node.hostname());
            }
        }
        while (!running(node, slice)) {
            check(deadline, slice + " did not run on " + node.hostname());
            Thread.sleep(10);
        }
        long running = System.nanoTime() - sent;
        double agentMillis = agent.millis().get(AGENT);
        while (true) {
            long attempt = System.nanoTime();
            if (login(List.of(slice + "@" + node.address()), "curve25519-sha256")) {
                return new long[] {running, attempt - sent, System.nanoTime() - sent, (long) (agentMillis * 1e6)};
            }
            check(deadline, "cannot log into " + slice + " on " + node.hostname());
            Thread.sleep(20);
        }
    }

    /**
     * The user's {@code StopSlice}; returns the time from sending it until no process of the slice
     * is left on any node (its pids cgroup empty or gone), each node watched by a thread of its own.
     */
    private long stopEverywhere(PlcClient user, String slice) throws Exception {
        long sent = System.nanoTime();
        List<Future<Long>> nodes = new ArrayList<>();
        for (TestbedLayout.TestbedNode node : layout.nodes()) {
            nodes.add(watchers.submit(() -> awaitNoProcesses(node, slice, sent)));
        }
        user.call("StopSlice", slice, "stop propagation benchmark");
        long last = 0;
        for (Future<Long> node : nodes) {
            last = Math.max(last, node.get());
        }
        return last;
    }

    private static long awaitNoProcesses(TestbedLayout.TestbedNode node, String slice, long sent) throws Exception {
        long deadline = sent + RUN_TIMEOUT.toNanos();
        Path procs = Path.of("/sys/fs/cgroup/pids", node.agentPrefix(), slice, "cgroup.procs");
        while (true) {
            String left;
            try {
                left = Files.readString(procs).strip();
            } catch (java.nio.file.NoSuchFileException e) {
                left = "";
            }
            if (left.isEmpty()) {
                return System.nanoTime() - sent;
            }
            check(deadline, slice + "'s processes were not ended on " + node.hostname());
            Thread.sleep(2);
        }
    }

    private static boolean running(TestbedLayout.TestbedNode node, String slice) {
        try (NodeManagerClient manager = NodeManagerClient.connect(node.nodeManagerSocket())) {
            return manager.listVms().stream().anyMatch(vm -> slice.equals(vm.name()) && vm.running());
        } catch (PlanetLabException e) {
            return false;
        }
    }

    private void awaitGone(String slice) throws InterruptedException {
        long deadline = System.nanoTime() + RUN_TIMEOUT.toNanos();
        for (TestbedLayout.TestbedNode node : layout.nodes()) {
            while (true) {
                boolean present;
                try (NodeManagerClient manager = NodeManagerClient.connect(node.nodeManagerSocket())) {
                    present = manager.listVms().stream().anyMatch(vm -> slice.equals(vm.name()));
                }
                if (!present) {
                    break;
                }
                check(deadline, slice + " was not removed from " + node.hostname());
                Thread.sleep(20);
            }
        }
    }

    private static void check(long deadline, String failure) {
        if (System.nanoTime() > deadline) {
            throw new IllegalStateException(failure + " within " + RUN_TIMEOUT.toSeconds() + " s");
        }
    }

    /** One login with the demo user's key; {@code kex} empty for the client's default. */
    private boolean login(List<String> target, String kex) {
        List<String> destination = new ArrayList<>(kex.isEmpty() ? List.of() : List.of("-o", "KexAlgorithms=" + kex));
        destination.addAll(target);
        List<String> command = SshProbe.command(key, destination, "true");
        try {
            return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start().waitFor() == 0;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run ssh: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void loginRow(StringBuilder report, String server, String kex, List<String> target) {
        Latencies logins = new Latencies();
        for (int i = 0; i <= LOGINS; i++) {
            long start = System.nanoTime();
            if (!login(target, kex)) {
                throw new IllegalStateException("login to " + server + " (" + target + ") failed");
            }
            if (i > 0) {
                logins.add(System.nanoTime() - start);
            }
        }
        report.append("| %s | %s | %.0f | %.0f |%n".formatted(server, kex.isEmpty() ? "client default" : kex,
                logins.percentileMillis(50), logins.percentileMillis(99)));
    }

    private static void row(StringBuilder report, String what, Latencies latencies) {
        report.append("| %s | %.0f | %.0f | %.0f |%n".formatted(what, latencies.percentileMillis(50), latencies.percentileMillis(99),
                latencies.percentileMillis(100)));
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** Appends a row of login times: server, key exchange, target words. */
    @FunctionalInterface
    interface LoginRow {
        void append(StringBuilder report, String server, String kex, List<String> target);
    }
}
