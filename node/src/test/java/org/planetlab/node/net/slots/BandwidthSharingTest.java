package org.planetlab.node.net.slots;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.planetlab.node.net.slots.LinuxSliverNetworkTest.spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.planetlab.node.net.SliverNetworkHandle;
import org.planetlab.node.net.SliverNetworkSpec;
import org.planetlab.node.net.layout.SliverNetworkConfig;
import org.planetlab.node.net.shaping.BandwidthMonitor;
import org.planetlab.node.net.shaping.MutableClock;
import org.planetlab.node.privileged.Privileged;

/**
 * Privileged: TCP from slivers through the node's 50 Mbit/s uplink to iperf3 servers in the
 * testing Internet. Rates are the slivers' HTB class counters over a 4 s window once every
 * sender is busy: the wire rate HTB shaped, headers included. HTB can make up for lost time
 * only up to a class's burst (10 ms at its rate), so a window in which the host of this virtual
 * machine held the CPUs back is measured again.
 */
@Privileged
class BandwidthSharingTest {
    private static final double CAP_MEGABITS = 50;
    private static final Duration WINDOW = Duration.ofSeconds(4);
    private static final long BUSY_BYTES = 500_000;
    private static final int WINDOWS = 5;
    /**
     * Equal shares within 2 %: a window in which the host took this share of the CPU time or more
     * is not used (in CI a window with 7 % gave one flow 49.2 % of the link).
     */
    private static final double MAX_STOLEN_FOR_SHARES = 0.05;
    /**
     * A guarantee of 30 of 50 Mbit/s: windows in which the host took up to a fifth of the CPU
     * still gave the guaranteed sliver 42-47 Mbit/s in CI, so they count.
     */
    private static final double MAX_STOLEN_FOR_GUARANTEE = 0.20;

    private TestingNode node;
    private ExecutorService background;
    private SliverNetworkConfig config;
    private LinuxSliverNetwork network;
    private Iperf iperf;
    private ClassMeter meter;

    @BeforeEach
    void createNode() {
        node = TestingNode.create();
        background = Executors.newSingleThreadExecutor(Thread.ofPlatform().name("sliver-network-test-", 0).factory());
        config = node.config(Map.of("node-rate-kbps", "50000"));
        network = new LinuxSliverNetwork(config, node.nodeCommand(), background);
        network.start();
        iperf = new Iperf(node);
        meter = new ClassMeter(node.nodeCommand(), "up0");
    }

    @AfterEach
    void removeNode() {
        try {
            network.close();
        } finally {
            background.shutdownNow();
            node.close();
        }
    }

    @Test
    void equalSlicesShareTheCapEquallyWhateverTheirFlowCounts() throws Exception {
        SliverNetworkHandle oneFlow = network.attach(spec("one_flow", 1));
        SliverNetworkHandle eightFlows = network.attach(spec("eight_flows", 1));

        Map<Integer, Double> rates = run(oneFlow, "1", eightFlows, "8", MAX_STOLEN_FOR_SHARES);

        double one = rates.get(ClassMeter.minorOf(oneFlow, config));
        double eight = rates.get(ClassMeter.minorOf(eightFlows, config));
        System.out.printf("fairness: 1 flow %.2f Mbit/s, 8 flows %.2f Mbit/s, Jain %.5f%n", one, eight, Iperf.jain(one, eight));
        // Each gets half of what the link carried, within 2 %, and the link carried the cap: to
        // within 2 % on a quiet machine, a few percent under it when the machine was busy enough
        // to leave the senders (not the shaper) short of CPU in the window.
        double total = one + eight;
        assertThat(one / total).isCloseTo(0.5, within(0.5 * 0.02));
        assertThat(eight / total).isCloseTo(0.5, within(0.5 * 0.02));
        assertThat(total).isLessThanOrEqualTo(CAP_MEGABITS * 1.02).isGreaterThanOrEqualTo(CAP_MEGABITS * 0.9);
        assertThat(Iperf.jain(one, eight)).isGreaterThanOrEqualTo(0.99);
    }

    @Test
    void guaranteedSliceGetsItsRateAgainstAGreedyNeighbour() throws Exception {
        SliverNetworkHandle guaranteed = network.attach(spec("guaranteed", 30_000));
        SliverNetworkHandle greedy = network.attach(spec("greedy", 1));

        Map<Integer, Double> rates = run(guaranteed, "1", greedy, "8", MAX_STOLEN_FOR_GUARANTEE);

        double guaranteedRate = rates.get(ClassMeter.minorOf(guaranteed, config));
        double greedyRate = rates.get(ClassMeter.minorOf(greedy, config));
        System.out.printf("guarantee: guaranteed %.2f Mbit/s, greedy neighbour %.2f Mbit/s%n", guaranteedRate, greedyRate);
        assertThat(guaranteedRate).isGreaterThanOrEqualTo(30 * 0.98);
        // The cap holds, and the link is kept busy. Not to within 2 %: the greedy neighbour, whose
        // rate is 1 kbit/s, gets the excess only in proportion to the rates, so its TCP flows spend
        // time in retransmission timeouts and some windows measure a few percent under the cap.
        assertThat(guaranteedRate + greedyRate).isLessThanOrEqualTo(CAP_MEGABITS * 1.02)
                .isGreaterThanOrEqualTo(CAP_MEGABITS * 0.9);
    }

    @Test
    void spendingTheDailyBudgetCutsTheSliverToItsSustainedRateUntilTheDayEnds(@TempDir Path state) throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2024-05-01T00:00:00Z"));
        BandwidthMonitor monitor = new BandwidthMonitor(network, clock, Duration.ofMinutes(1), state.resolve("usage"));
        // Budget: 500 kbit/s for a 60 s day = 3.75 MB.
        SliverNetworkHandle sliver = network.attach(new SliverNetworkSpec("heavy", 0, 1, 20_000, 500, false));
        int minor = ClassMeter.minorOf(sliver, config);
        monitor.runOnce();
        iperf.server(5201);

        Iperf.result(iperf.client(sliver, 5201, "-n", "5M"));
        monitor.runOnce();

        assertThat(monitor.usage().get("heavy").limitedToSustained()).isTrue();
        assertThat(monitor.usage().get("heavy").usedBytes()).isGreaterThanOrEqualTo(3_750_000);
        assertThat(classLine(minor)).contains("ceil 500Kbit");
        iperf.server(5202);
        // UDP offered at 4 times the sustained rate keeps the class saturated, so its counter shows the ceiling.
        Process limitedClient = iperf.client(sliver, 5202, "-u", "-b", "2M", "-t", "6");
        double limited = meter.megabitsOnceBusy(List.of(minor), 50_000, Duration.ofSeconds(3)).get(minor);
        assertThat(limitedClient.isAlive()).as("the sender ran through the window").isTrue();
        Iperf.result(limitedClient);
        System.out.printf("daily budget: %.3f Mbit/s after the cut to 0.5%n", limited);
        assertThat(limited).isCloseTo(0.5, within(0.5 * 0.05));

        clock.advance(Duration.ofMinutes(1));
        monitor.runOnce();

        assertThat(monitor.usage().get("heavy").limitedToSustained()).isFalse();
        assertThat(classLine(minor)).contains("ceil 20Mbit");
    }

    /**
     * Runs iperf3 from two slivers at once with the given flow counts; returns class rates by
     * minor from the first window in which the link was kept busy and the virtual machine's host
     * left the CPUs alone (took less than {@code maxStolen} of the CPU time). A window that fails
     * either says nothing of how the shaper shares the link (the senders, not the shaper, were
     * short of CPU), so up to {@value #WINDOWS} are taken.
     */
    private Map<Integer, Double> run(SliverNetworkHandle first, String firstFlows, SliverNetworkHandle second,
            String secondFlows, double maxStolen) throws Exception {
        awaitQuietMachine();
        iperf.server(5201);
        iperf.server(5202);
        Process firstClient = iperf.client(first, 5201, "-t", "45", "-P", firstFlows);
        Process secondClient = iperf.client(second, 5202, "-t", "45", "-P", secondFlows);
        try {
            List<Integer> minors = List.of(ClassMeter.minorOf(first, config), ClassMeter.minorOf(second, config));
            List<Window> windows = new ArrayList<>();
            for (int attempt = 0; attempt < WINDOWS; attempt++) {
                long[] before = cpuTimes();
                Map<Integer, Double> rates = meter.megabitsOnceBusy(minors, attempt == 0 ? BUSY_BYTES : 0, WINDOW);
                long[] after = cpuTimes();
                Window window = new Window(rates, (double) (after[2] - before[2]) / Math.max(1, after[1] - before[1]));
                assertThat(firstClient.isAlive() && secondClient.isAlive()).as("both senders ran through the window").isTrue();
                System.out.printf("window %d: classes %.2f and %.2f Mbit/s, link %.2f Mbit/s, host took %.0f %% of the CPU%n",
                        attempt + 1, rates.get(minors.get(0)), rates.get(minors.get(1)), window.total(), window.stolen() * 100);
                if (window.total() >= CAP_MEGABITS * 0.98 && window.stolen() < maxStolen) {
                    return rates;
                }
                windows.add(window);
            }
            List<Window> usable = windows.stream().filter(window -> window.stolen() < maxStolen).toList();
            assumeTrue(!usable.isEmpty(), "the virtual machine's host took the CPU in every window: nothing to measure");
            return usable.stream().max(Comparator.comparingDouble(Window::total)).orElseThrow().rates();
        } finally {
            firstClient.destroy();
            secondClient.destroy();
        }
    }

    /** One measuring window: class rates and the share of CPU time the host took meanwhile. */
    private record Window(Map<Integer, Double> rates, double stolen) {
        double total() {
            return rates.values().stream().mapToDouble(Double::doubleValue).sum();
        }
    }

    /**
     * Waits, at most 30 s, until the CPUs were at least 70 % idle over a second: work left by
     * earlier tests (the kernel tearing down their network namespaces) would otherwise take the
     * senders' CPU while the shares are measured.
     */
    private static void awaitQuietMachine() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            long[] before = cpuTimes();
            Thread.sleep(1000);
            long[] after = cpuTimes();
            double idle = (double) (after[0] - before[0]) / Math.max(1, after[1] - before[1]);
            if (idle >= 0.7) {
                return;
            }
            if (System.nanoTime() > deadline) {
                System.out.printf("the machine stayed busy (%.0f %% idle); measuring anyway%n", idle * 100);
                return;
            }
        }
    }

    /** Idle (with I/O wait), total and stolen jiffies of all CPUs, from the first line of /proc/stat. */
    private static long[] cpuTimes() throws IOException {
        long[] fields = Arrays.stream(Files.readAllLines(Path.of("/proc/stat")).getFirst().substring(3).strip().split("\\s+"))
                .limit(8).mapToLong(Long::parseLong).toArray();
        return new long[] {fields[3] + fields[4], Arrays.stream(fields).sum(), fields[7]};
    }

    private String classLine(int minor) {
        return node.nodeCommand().run(List.of("tc", "class", "show", "dev", "up0")).lines()
                .filter(line -> line.startsWith("class htb 1:" + Integer.toHexString(minor) + " ")).findFirst().orElseThrow();
    }
}
