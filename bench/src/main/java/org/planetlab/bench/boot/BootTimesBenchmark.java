package org.planetlab.bench.boot;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.planetlab.api.client.PlcClient;
import org.planetlab.bench.measure.Latencies;
import org.planetlab.node.host.HostCommand;
import org.planetlab.testbed.SshProbe;
import org.planetlab.testbed.Testbed;
import org.planetlab.testbed.TestbedLayout;
import org.planetlab.testbed.TestbedSeed;

/**
 * How long a node takes to come up, on a testbed in a box (root; docs/boot.md): in each round
 * every node is put in reinstall and power cycled through its power script, so that its boot
 * manager starts from the boot medium and plnode.txt alone, wipes the node, installs the release
 * and starts the agent: the time from power on to the demo slice's sliver answering SSH is
 * "plnode.txt to ready for slivers". Then every node gets PLC's ping of death (RebootNode): the
 * time from the call to its sliver answering SSH again is "ping of death to back". The nodes of
 * a round go at once, so they share the machine as a site's nodes after a power cut would.
 *
 * <p>Usage: {@code BootTimesBenchmark [nodes (3)] [rounds (5)]}.
 */
public final class BootTimesBenchmark {
    private static final Duration BOOT = Duration.ofMinutes(5);

    private final TestbedLayout layout;
    private final PlcClient operator;
    private final SshProbe ssh;

    private BootTimesBenchmark(TestbedLayout layout, PlcClient operator) {
        this.layout = layout;
        this.operator = operator;
        this.ssh = new SshProbe(layout.demoDir().resolve("id_ed25519"));
    }

    public static void main(String[] arguments) throws Exception {
        int nodes = arguments.length > 0 ? Integer.parseInt(arguments[0]) : 3;
        int rounds = arguments.length > 1 ? Integer.parseInt(arguments[1]) : 5;
        Path root = Path.of(System.getProperty("planetlab.root", ".")).toAbsolutePath().normalize();
        Path work = Files.createTempDirectory("boot-times");
        TestbedLayout layout = new TestbedLayout(work.resolve("testbed"), nodes, "10.82.0", 28453, "plbb");
        Testbed testbed = new Testbed(root, HostCommand.onHost());
        PrintWriter out = new PrintWriter(System.out, true);
        Thread cleanup = new Thread(() -> testbed.down(layout.dataDir(), layout.prefix(), out), "boot-times-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        String report;
        try {
            report = new BootTimesBenchmark(layout, testbed.up(layout, out).operator()).measure(rounds);
        } finally {
            testbed.down(layout.dataDir(), layout.prefix(), out);
            Runtime.getRuntime().removeShutdownHook(cleanup);
            Files.deleteIfExists(work);
        }
        System.out.println(report);
        System.exit(0);
    }

    private String measure(int rounds) throws Exception {
        Latencies ready = new Latencies();
        Latencies back = new Latencies();
        try (ExecutorService each = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int round = 1; round <= rounds; round++) {
                List<Future<Long>> boots = new ArrayList<>();
                for (TestbedLayout.TestbedNode node : layout.nodes()) {
                    boots.add(each.submit(() -> reinstall(node)));
                }
                for (Future<Long> boot : boots) {
                    ready.add(boot.get());
                }
                List<Future<Long>> reboots = new ArrayList<>();
                for (TestbedLayout.TestbedNode node : layout.nodes()) {
                    reboots.add(each.submit(() -> pingOfDeath(node)));
                }
                for (Future<Long> reboot : reboots) {
                    back.add(reboot.get());
                }
                System.err.printf("round %d of %d: plnode.txt to ready %s; ping of death to back %s%n", round, rounds,
                        ready.summary(), back.summary());
            }
        }
        return """
                | nodes x rounds | plnode.txt to ready for slivers (reinstall, p50 / p99) | ping of death to slivers SSH-able (p50 / p99) |
                |---|---|---|
                | %d x %d | %.1f / %.1f s | %.1f / %.1f s |""".formatted(layout.nodeCount(), ready.count() / layout.nodeCount(),
                ready.percentileMillis(50) / 1000, ready.percentileMillis(99) / 1000, back.percentileMillis(50) / 1000,
                back.percentileMillis(99) / 1000);
    }

    /** Reinstall from the medium and plnode.txt: power off, on; nanoseconds from power on to the sliver answering SSH. */
    private long reinstall(TestbedLayout.TestbedNode node) throws Exception {
        operator.call("UpdateNode", node.hostname(), Map.of("boot_state", "reinstall"));
        power(node, "off");
        long on = System.nanoTime();
        power(node, "on");
        awaitLogin(node, on);
        return System.nanoTime() - on;
    }

    /** Nanoseconds from RebootNode to the node's agent started again and its sliver answering SSH. */
    private long pingOfDeath(TestbedLayout.TestbedNode node) throws Exception {
        long starts = powerOns(node);
        long sent = System.nanoTime();
        operator.call("RebootNode", node.hostname());
        while (powerOns(node) == starts) {
            deadline(node, sent);
            Thread.sleep(100);
        }
        awaitLogin(node, sent);
        return System.nanoTime() - sent;
    }

    private void awaitLogin(TestbedLayout.TestbedNode node, long since) throws InterruptedException {
        while (!ssh.canLogIn(TestbedSeed.SLICE, node.address())) {
            deadline(node, since);
            Thread.sleep(200);
        }
    }

    private static void deadline(TestbedLayout.TestbedNode node, long since) {
        if (System.nanoTime() - since > BOOT.toNanos()) {
            throw new IllegalStateException(node.hostname() + " not back within " + BOOT.toMinutes() + " minutes; see "
                    + node.directory().resolve("agent.log"));
        }
    }

    /** The node's power script, as its PCU runs it. */
    private static void power(TestbedLayout.TestbedNode node, String step) throws Exception {
        Process process = new ProcessBuilder(node.directory().resolve("reboot").toString(), step).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(node.directory().resolve("reboot.log").toFile())).start();
        if (process.waitFor() != 0) {
            throw new IllegalStateException("power " + step + " of " + node.hostname() + " failed; see reboot.log");
        }
    }

    private static long powerOns(TestbedLayout.TestbedNode node) throws IOException {
        Path log = node.directory().resolve("reboot.log");
        return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8).lines()
                .filter(line -> line.contains("power on: starting the node agent again")).count() : 0;
    }
}
