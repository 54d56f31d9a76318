package org.planetlab.node.net;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.planetlab.node.host.HostCommand;

/**
 * Measures the wire rate of HTB classes from their byte counters, the kernel's own account of
 * what it shaped: it waits until every class is busy, then counts over a fixed window.
 */
final class ClassMeter {
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
        // Each reading is dated at the middle of the tc run that took it.
        long beforeStart = System.nanoTime();
        Map<Integer, ClassReport> start = read();
        long started = (beforeStart + System.nanoTime()) / 2;
        // The measurement window itself: a fixed span of time, not a wait for a condition.
        LockSupport.parkNanos(window.toNanos());
        long beforeEnd = System.nanoTime();
        Map<Integer, ClassReport> end = read();
        double seconds = ((beforeEnd + System.nanoTime()) / 2 - started) / 1e9;
        Map<Integer, Double> megabits = new HashMap<>();
        for (int minor : minors) {
            megabits.put(minor, (end.get(minor).bytesSent() - start.get(minor).bytesSent()) * 8 / seconds / 1e6);
        }
        return megabits;
    }

    private Map<Integer, ClassReport> read() {
        return ClassReport.parse(node.run(List.of("tc", "-s", "class", "show", "dev", device)));
    }

    static int minorOf(SliverNetworkHandle sliver, SliverNetworkConfig config) {
        SlotLayout layout = new SlotLayout(config);
        return layout.classMinor(layout.slotOfDevice(sliver.hostDevice()).orElseThrow());
    }
}
