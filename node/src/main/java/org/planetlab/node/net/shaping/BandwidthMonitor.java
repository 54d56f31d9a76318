package org.planetlab.node.net.shaping;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.planetlab.node.net.shaping.ShapedTraffic.ShapedSliver;
import org.planetlab.node.net.shaping.UsageLedger.Entry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Enforces each sliver's daily byte budget, as PlanetLab's {@code bwmon} did: a sliver may send
 * {@code sustained_rate x day} bytes per day at up to its burst rate; once it has, its ceiling is
 * cut to its sustained rate until the day ends. Days are numbered from the epoch in the clock's
 * time (UTC midnights for 24-hour days). Bytes are counted by the sliver's HTB class, so they are
 * what actually left the node.
 *
 * <p>Each {@link #runOnce pass} reads every class counter once and changes only the slivers whose
 * state flips. {@link #start} runs passes periodically on an injected scheduler; the cut takes
 * effect at most one interval late, which the budget absorbs.
 */
public final class BandwidthMonitor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BandwidthMonitor.class);

    private final ShapedTraffic shaper;
    private final Clock clock;
    private final Duration dayLength;
    private final UsageLedger ledger;
    private final Object lock = new Object();
    private final Map<String, Entry> entries;
    private ScheduledFuture<?> schedule;

    /**
     * @param shaper the slivers' traffic classes
     * @param clock the time that decides the day
     * @param dayLength how long a budget lasts: 24 hours in service, shorter in tests
     * @param ledgerFile where usage survives agent restarts
     */
    public BandwidthMonitor(ShapedTraffic shaper, Clock clock, Duration dayLength, Path ledgerFile) {
        this.shaper = requireNonNull(shaper, "shaper is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.dayLength = requireNonNull(dayLength, "dayLength is null");
        if (dayLength.toMillis() < 1000) {
            throw new IllegalArgumentException("dayLength must be at least a second, was " + dayLength);
        }
        this.ledger = new UsageLedger(ledgerFile);
        this.entries = new HashMap<>(ledger.load());
    }

    /** How far one sliver is into its budget. */
    public record DailyUsage(long usedBytes, long budgetBytes, boolean limitedToSustained) {}

    /** Reads the counters once, updates each sliver's day and cuts or restores ceilings. */
    public void runOnce() {
        Map<String, ShapedSliver> slivers = shaper.shapedSlivers();
        long today = Math.floorDiv(clock.millis(), dayLength.toMillis());
        synchronized (lock) {
            entries.keySet().retainAll(slivers.keySet());
            slivers.forEach((name, sliver) -> account(name, sliver, today));
            ledger.save(entries);
        }
    }

    private void account(String name, ShapedSliver sliver, long today) {
        Entry previous = entries.get(name);
        long used = 0;
        if (previous != null && previous.day() == today) {
            // A counter below the last reading means the class was made again and counts from zero.
            long delta = sliver.bytesSent() >= previous.lastCounter() ? sliver.bytesSent() - previous.lastCounter() : sliver.bytesSent();
            used = previous.usedBytes() + delta;
        }
        entries.put(name, new Entry(today, used, sliver.bytesSent()));
        boolean spent = used >= budgetBytes(sliver);
        if (spent != sliver.limitedToSustained()) {
            LOG.info("sliver {} has sent {} of its {} bytes today: {}", name, used, budgetBytes(sliver),
                    spent ? "cutting it to its sustained rate" : "restoring its burst rate");
            shaper.limitToSustained(name, spent);
        }
    }

    /** Each sliver's usage as of the last pass. */
    public Map<String, DailyUsage> usage() {
        Map<String, ShapedSliver> slivers = shaper.shapedSlivers();
        Map<String, DailyUsage> usage = new HashMap<>();
        synchronized (lock) {
            entries.forEach((name, entry) -> {
                ShapedSliver sliver = slivers.get(name);
                if (sliver != null) {
                    usage.put(name, new DailyUsage(entry.usedBytes(), budgetBytes(sliver), sliver.limitedToSustained()));
                }
            });
        }
        return usage;
    }

    /** Runs a pass every {@code interval} on {@code scheduler} until closed. */
    public void start(ScheduledExecutorService scheduler, Duration interval) {
        requireNonNull(scheduler, "scheduler is null");
        synchronized (lock) {
            if (schedule != null) {
                throw new IllegalStateException("the bandwidth monitor is already running");
            }
            schedule = scheduler.scheduleWithFixedDelay(this::runLogged, interval.toMillis(), interval.toMillis(),
                    TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void close() {
        synchronized (lock) {
            if (schedule != null) {
                schedule.cancel(false);
                schedule = null;
            }
        }
    }

    private long budgetBytes(ShapedSliver sliver) {
        return sliver.spec().sustainedRateKbps() * 1000 / 8 * dayLength.toSeconds();
    }

    private void runLogged() {
        try {
            runOnce();
        } catch (RuntimeException e) {
            // A failed pass must not end the schedule; the next one tries again.
            LOG.warn("bandwidth monitor pass failed: {}", e.getMessage(), e);
        }
    }
}
