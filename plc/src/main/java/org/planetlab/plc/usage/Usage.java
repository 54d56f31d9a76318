package org.planetlab.plc.usage;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.planetlab.api.usage.UsageApi;
import org.planetlab.plc.api.MethodRegistry;
import org.planetlab.plc.mutation.GroupCommit;
import org.planetlab.plc.mutation.MutationPath;
import org.planetlab.plc.slice.SliceNames;
import org.planetlab.plc.store.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PLC's usage series: the reports nodes send of their slivers, the queries over them, the
 * rollup timer that keeps the series within its retention, and the daily threshold notices.
 */
public final class Usage implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Usage.class);
    /** How often the rollup looks for samples past the fine retention. */
    static final Duration ROLLUP_INTERVAL = Duration.ofMinutes(10);
    /** How often today's usage is compared with the thresholds: a notice leaves within this of the crossing report. */
    static final Duration NOTICE_INTERVAL = Duration.ofMinutes(5);

    private final UsageSettings settings;
    private final GroupCommit<Map<String, Object>> reportWrites;
    private final UsageRecorder recorder;
    private final UsageReports reports;
    private final UsageRollup rollup;
    private final UsageNotices notices;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("plc-usage-rollup").daemon(true).factory());

    private Usage(UsageSettings settings, GroupCommit<Map<String, Object>> reportWrites, UsageRecorder recorder,
            UsageReports reports, UsageRollup rollup, UsageNotices notices) {
        this.settings = settings;
        this.reportWrites = reportWrites;
        this.recorder = recorder;
        this.reports = reports;
        this.rollup = rollup;
        this.notices = notices;
    }

    /** @param support the address notices name for questions, if PLC has one */
    public static Usage create(MutationPath mutations, Database database, SliceNames names, UsageSettings settings,
            Optional<String> support) {
        requireNonNull(settings, "settings is null");
        GroupCommit<Map<String, Object>> reportWrites = GroupCommit.start(mutations, UsageApi.REPORT_USAGE,
                UsageRecorder.MAX_BATCH);
        return new Usage(settings, reportWrites, new UsageRecorder(reportWrites, names, settings), new UsageReports(names),
                new UsageRollup(mutations, database, settings), new UsageNotices(mutations, database, settings, support));
    }

    public void register(MethodRegistry registry) {
        new UsageMethods(recorder, reports).register(registry);
    }

    /** Starts the rollup and notice timers. */
    public void start() {
        timer.scheduleWithFixedDelay(this::rollUp, 0, ROLLUP_INTERVAL.toSeconds(), TimeUnit.SECONDS);
        timer.scheduleWithFixedDelay(this::notifyUsage, NOTICE_INTERVAL.toSeconds(), NOTICE_INTERVAL.toSeconds(), TimeUnit.SECONDS);
    }

    private void notifyUsage() {
        try {
            notices.check();
        } catch (RuntimeException e) {
            LOG.warn("usage notices failed; they are looked for again in {}", NOTICE_INTERVAL, e);
        }
    }

    private void rollUp() {
        try {
            rollup.run();
        } catch (RuntimeException e) {
            LOG.warn("usage rollup failed; it will run again in {}", ROLLUP_INTERVAL, e);
        }
    }

    public UsageSettings settings() {
        return settings;
    }

    /** The queries over the usage series: a slice's, a node's, the day's top consumers. */
    public UsageReports reports() {
        return reports;
    }

    public UsageRollup rollup() {
        return rollup;
    }

    public UsageNotices notices() {
        return notices;
    }

    @Override
    public void close() {
        timer.shutdownNow();
        reportWrites.close();
    }
}
