package org.planetlab.node.net.shaping;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.planetlab.node.net.SliverNetworkSpec;

class BandwidthMonitorTest {
    /** 1,500 kbit/s sustained for a day: 16,200,000,000 bytes. */
    private static final long DAILY_BUDGET = 1_500L * 1000 / 8 * 86_400;

    @TempDir
    Path state;

    private final MutableClock clock = new MutableClock(Instant.parse("2024-05-01T10:00:00Z"));
    private final FakeShapedTraffic shaper = new FakeShapedTraffic();

    @Test
    void spendingTheBudgetCutsTheSliverUntilMidnight() {
        shaper.attach(spec("heavy"));
        shaper.setCounter("heavy", 123_456);
        BandwidthMonitor monitor = monitor();
        monitor.runOnce();

        shaper.setCounter("heavy", 123_456 + DAILY_BUDGET - 1);
        monitor.runOnce();
        assertThat(shaper.limited("heavy")).isFalse();

        shaper.setCounter("heavy", 123_456 + DAILY_BUDGET);
        monitor.runOnce();
        assertThat(shaper.limited("heavy")).isTrue();
        assertThat(monitor.usage().get("heavy")).isEqualTo(new BandwidthMonitor.DailyUsage(DAILY_BUDGET, DAILY_BUDGET, true));

        clock.advance(Duration.ofHours(13).plusMinutes(59));
        monitor.runOnce();
        assertThat(shaper.limited("heavy")).as("still the same UTC day").isTrue();
        clock.advance(Duration.ofMinutes(1));
        monitor.runOnce();
        assertThat(shaper.limited("heavy")).isFalse();
        assertThat(monitor.usage().get("heavy").usedBytes()).isZero();
        assertThat(shaper.changes()).isEqualTo(2);
    }

    @Test
    void aCounterThatStartsAgainIsNotMistakenForNegativeTraffic() {
        shaper.attach(spec("s"));
        shaper.setCounter("s", 1_000_000);
        BandwidthMonitor monitor = monitor();
        monitor.runOnce();
        shaper.setCounter("s", 3_000_000);
        monitor.runOnce();

        shaper.setCounter("s", 500);
        monitor.runOnce();

        assertThat(monitor.usage().get("s").usedBytes()).isEqualTo(2_000_500);
    }

    @Test
    void aRestartedMonitorRemembersTheDaysUsage() {
        shaper.attach(spec("s"));
        BandwidthMonitor first = monitor();
        first.runOnce();
        shaper.setCounter("s", DAILY_BUDGET / 2);
        first.runOnce();

        BandwidthMonitor second = monitor();
        shaper.setCounter("s", DAILY_BUDGET);
        second.runOnce();

        assertThat(second.usage().get("s").usedBytes()).isEqualTo(DAILY_BUDGET);
        assertThat(shaper.limited("s")).isTrue();
    }

    @Test
    void detachedSliversAreForgotten() throws Exception {
        shaper.attach(spec("gone"));
        shaper.attach(spec("kept"));
        BandwidthMonitor monitor = monitor();
        monitor.runOnce();

        shaper.detach("gone");
        monitor.runOnce();

        assertThat(monitor.usage()).containsOnlyKeys("kept");
        assertThat(Files.readString(state.resolve("usage"))).doesNotContain("gone").contains("kept=");
    }

    @Test
    void scheduledPassesRunUntilClosed() {
        shaper.attach(spec("s"));
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("bandwidth-monitor-test").factory());
        try (BandwidthMonitor monitor = monitor()) {
            monitor.runOnce();
            monitor.start(scheduler, Duration.ofMillis(10));
            shaper.setCounter("s", DAILY_BUDGET);
            Eventually.within(Duration.ofSeconds(5), () -> assertThat(shaper.limited("s")).isTrue());
        } finally {
            scheduler.shutdownNow();
        }
    }

    @Test
    void aDamagedLedgerLineIsSkipped() throws Exception {
        Files.writeString(state.resolve("usage"), "s=19844,10,notanumber\nbroken line\n");
        shaper.attach(spec("s"));

        monitor().runOnce();

        assertThat(Files.readString(state.resolve("usage"))).startsWith("s=19844,0,0");
    }

    private BandwidthMonitor monitor() {
        return new BandwidthMonitor(shaper, clock, Duration.ofDays(1), state.resolve("usage"));
    }

    private static SliverNetworkSpec spec(String name) {
        return new SliverNetworkSpec(name, 0, 1, 100_000, 1_500, false);
    }
}
