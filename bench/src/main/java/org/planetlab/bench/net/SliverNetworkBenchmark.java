package org.planetlab.bench.net;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.planetlab.bench.measure.Latencies;
import org.planetlab.node.net.SliverNetworkSpec;
import org.planetlab.node.net.layout.SliverNetworkConfig;
import org.planetlab.node.net.layout.SliverNetworkConfigReader;
import org.planetlab.node.net.slots.LinuxSliverNetwork;

/**
 * Attach and detach latency of sliver networks with many slivers present, and the kernel work
 * each costs (tool processes started, netlink transactions sent). Runs against a private node
 * namespace it builds and removes. Background work (spare building, removal) is held while an
 * operation is timed and runs between samples.
 *
 * <pre>bin/bench-net [present=1000] [samples=200] [spares=8]</pre>
 */
public final class SliverNetworkBenchmark {
    private static final Duration IDLE = Duration.ofMinutes(10);

    private final LinuxSliverNetwork network;
    private final HoldableExecutor background;

    private SliverNetworkBenchmark(LinuxSliverNetwork network, HoldableExecutor background) {
        this.network = network;
        this.background = background;
    }

    public static void main(String[] arguments) {
        int present = arguments.length > 0 ? Integer.parseInt(arguments[0]) : 1000;
        int samples = arguments.length > 1 ? Integer.parseInt(arguments[1]) : 200;
        int spares = arguments.length > 2 ? Integer.parseInt(arguments[2]) : 8;
        ExecutorService thread = Executors.newSingleThreadExecutor(Thread.ofPlatform().name("sliver-network-background").factory());
        try (BenchNode node = BenchNode.create()) {
            SliverNetworkConfig config = SliverNetworkConfigReader.read(Map.of("namespace-prefix", node.sliverNamespacePrefix(),
                    "uplink-device", "up0", "node-namespace", node.nodeNamespacePath(), "node-address", "10.254.0.1",
                    "spare-slots", String.valueOf(spares), "node-rate-kbps", "10000000"));
            HoldableExecutor background = new HoldableExecutor(thread);
            System.out.printf("| measurement (%d slivers present, %d spares) | p50 / p99 / max |%n|---|---|%n", present, spares);
            LinuxSliverNetwork network = new LinuxSliverNetwork(config, node.nodeCommand(), background);
            new SliverNetworkBenchmark(network, background).run(present, samples, spares);
            restart(config, node, background, present);
        } finally {
            thread.shutdownNow();
        }
    }

    private void run(int present, int samples, int spares) {
        long started = System.nanoTime();
        network.start();
        network.awaitBackgroundWork(IDLE);
        System.out.printf("| start on an empty node, spares built | %.1f ms |%n", (System.nanoTime() - started) / 1e6);

        started = System.nanoTime();
        for (int i = 0; i < present; i++) {
            network.attach(spec("present" + i, 1));
        }
        long fill = System.nanoTime() - started;
        network.awaitBackgroundWork(IDLE);
        System.out.printf("| attach %d slivers back to back (spares run out; background builds more meanwhile) | %.0f slivers/s |%n",
                present, present / (fill / 1e9));

        Operation attach = new Operation("attach, spare ready, default rates");
        Operation attachWithRates = new Operation("attach, spare ready, own rates (class changed)");
        Operation detach = new Operation("detach acknowledged");
        for (int i = 0; i < samples; i++) {
            String name = "sample" + i;
            boolean ownRates = i % 4 == 3;
            quiesce();
            (ownRates ? attachWithRates : attach).time(() -> network.attach(spec(name, ownRates ? 2_000 : 1)));
            detach.time(() -> network.detach(name));
        }
        quiesce();
        background.release();
        attach.print(present);
        attachWithRates.print(present);
        detach.print(present);

        Operation cold = new Operation("attach in a burst past the ready spares (one call in " + spares
                + " builds a batch)");
        quiesce();
        List<String> burst = new ArrayList<>();
        for (int i = 0; i < spares + 20; i++) {
            String name = "burst" + i;
            if (i < spares) {
                network.attach(spec(name, 1));
            } else {
                cold.time(() -> network.attach(spec(name, 1)));
            }
            burst.add(name);
        }
        background.release();
        cold.print(present);
        burst.forEach(network::detach);
        network.awaitBackgroundWork(IDLE);

        timed("counters() of every sliver", present, network::counters);
        timed("shapedSlivers() (tc class counters)", present, network::shapedSlivers);
        List<SliverNetworkSpec> desired = desired(present);
        timed("reconcile(all present), nothing to change", present, () -> network.reconcile(desired));
    }

    private static void restart(SliverNetworkConfig config, BenchNode node, HoldableExecutor background, int present) {
        LinuxSliverNetwork restarted = new LinuxSliverNetwork(config, node.nodeCommand(), background);
        long started = System.nanoTime();
        restarted.start();
        restarted.reconcile(desired(present));
        System.out.printf("| restart: start() + reconcile() taking over %d slivers | %.1f ms |%n", present,
                (System.nanoTime() - started) / 1e6);
        started = System.nanoTime();
        background.hold();
        for (int i = 0; i < present; i++) {
            restarted.detach("present" + i);
        }
        long acknowledged = System.nanoTime() - started;
        background.release();
        restarted.awaitBackgroundWork(IDLE);
        long removed = System.nanoTime() - started;
        restarted.close();
        System.out.printf("| detach all %d | all acknowledged after %.2f s, every object removed after %.1f s |%n",
                present, acknowledged / 1e9, removed / 1e9);
    }

    /** Lets background work finish, then holds it so the next operation is timed alone. */
    private void quiesce() {
        background.release();
        network.awaitBackgroundWork(IDLE);
        background.hold();
    }

    private static List<SliverNetworkSpec> desired(int present) {
        List<SliverNetworkSpec> desired = new ArrayList<>();
        for (int i = 0; i < present; i++) {
            desired.add(spec("present" + i, 1));
        }
        return desired;
    }

    private static void timed(String what, int present, Runnable action) {
        Latencies samples = new Latencies();
        for (int i = 0; i < 10; i++) {
            long before = System.nanoTime();
            action.run();
            samples.add(System.nanoTime() - before);
        }
        System.out.printf("| %s, %d present | %s |%n", what, present, samples.summary());
    }

    private static SliverNetworkSpec spec(String name, long baseRateKbps) {
        return new SliverNetworkSpec(name, 0, baseRateKbps, 100_000, 1_500, false);
    }

    /** One kind of operation: its latencies and the kernel work it caused. */
    private final class Operation {
        private final String name;
        private final Latencies samples = new Latencies();
        private long processes;
        private long transactions;

        Operation(String name) {
            this.name = name;
        }

        void time(Runnable action) {
            long processesBefore = network.commandsRun();
            long transactionsBefore = network.netlinkTransactions();
            long before = System.nanoTime();
            action.run();
            samples.add(System.nanoTime() - before);
            processes += network.commandsRun() - processesBefore;
            transactions += network.netlinkTransactions() - transactionsBefore;
        }

        void print(int present) {
            System.out.printf("| %s, %d present | %s; per call %.2f tool processes, %.2f netlink transactions |%n", name,
                    present, samples.summary(), (double) processes / samples.count(), (double) transactions / samples.count());
        }
    }
}
