package org.planetlab.node.net.slots;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.planetlab.node.host.HostCommand;
import org.planetlab.node.net.SliverNetworkHandle;
import org.planetlab.node.net.layout.SliverNetworkConfig;
import org.planetlab.node.net.layout.SlotLayout;
import org.planetlab.node.net.shaping.ClassReport;
import org.planetlab.node.net.shaping.Eventually;

/**
 * Measures the wire rate of HTB classes from their byte counters, the kernel's own account of
 * what it shaped: it waits until every class is busy, then reads the counters through a fixed
 * window.
 */
final class ClassMeter {
    private static final Duration SAMPLE_INTERVAL = Duration.ofMillis(200);
    private final HostCommand node;
    private final String device;

    ClassMeter(HostCommand node, String device) {
        this.node = node;
        this.device = device;
    }

    /**
     * Waits until each class has sent {@code warmUpBytes} since the call (so every sender is past
     * its start), then returns each class's rate in Mbit/s over {@code window}, by class minor.
     */
    Map<Integer, Double> megabitsOnceBusy(List<Integer> minors, long warmUpBytes, Duration window) {
        Map<Integer, ClassReport> initial = read();
        Eventually.within(Duration.ofSeconds(20), () -> {
            Map<Integer, ClassReport> now = read();
            for (int minor : minors) {
                if (now.get(minor).bytesSent() - initial.get(minor).bytesSent() < warmUpBytes) {
                    throw new AssertionError("class 1:" + Integer.toHexString(minor) + " is not busy yet");
                }
            }
        });
        // Readings every 200 ms over the window, each dated at the middle of the tc run that took
        // it; the rate is the least-squares slope of bytes over time, so one reading delayed by a
        // slow tc start (a loaded machine) moves it little, where a first-and-last difference would
        // carry that delay whole.
        List<Double> times = new ArrayList<>();
        Map<Integer, List<Double>> bytes = new HashMap<>();
        long windowStart = System.nanoTime();
        long windowEnd = windowStart + window.toNanos();
        for (long next = windowStart; ; next += SAMPLE_INTERVAL.toNanos()) {
            LockSupport.parkNanos(next - System.nanoTime());
            long before = System.nanoTime();
            Map<Integer, ClassReport> reading = read();
            times.add(((before + System.nanoTime()) / 2 - windowStart) / 1e9);
            for (int minor : minors) {
                bytes.computeIfAbsent(minor, key -> new ArrayList<>()).add((double) reading.get(minor).bytesSent());
            }
            if (next >= windowEnd) {
                break;
            }
        }
        Map<Integer, Double> megabits = new HashMap<>();
        for (int minor : minors) {
            megabits.put(minor, slope(times, bytes.get(minor)) * 8 / 1e6);
        }
        return megabits;
    }

    /** The least-squares slope of {@code ys} over {@code xs}. */
    static double slope(List<Double> xs, List<Double> ys) {
        int n = xs.size();
        double meanX = xs.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        double meanY = ys.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        double covariance = 0;
        double variance = 0;
        for (int i = 0; i < n; i++) {
            covariance += (xs.get(i) - meanX) * (ys.get(i) - meanY);
            variance += (xs.get(i) - meanX) * (xs.get(i) - meanX);
        }
        return covariance / variance;
    }

    private Map<Integer, ClassReport> read() {
        return ClassReport.parse(node.run(List.of("tc", "-s", "class", "show", "dev", device)));
    }

    static int minorOf(SliverNetworkHandle sliver, SliverNetworkConfig config) {
        SlotLayout layout = new SlotLayout(config);
        return layout.classMinor(layout.slotOfDevice(sliver.hostDevice()).orElseThrow());
    }
}
