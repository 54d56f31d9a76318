package org.planetlab.node.release;

import static java.util.Objects.requireNonNull;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's periodic release check: at the times of a {@link ReleaseCheckSchedule}, stages PLC's
 * current release if it is new. A refusal or an unreachable PLC is logged and the next check
 * comes at its time; the staged release stays where it is until something installs it.
 */
public final class ReleaseChecks {
    private static final Logger LOG = LoggerFactory.getLogger(ReleaseChecks.class);

    private final ReleaseUpdater updater;
    private final ReleaseCheckSchedule schedule;
    private final RandomGenerator random;

    public ReleaseChecks(ReleaseUpdater updater, ReleaseCheckSchedule schedule, RandomGenerator random) {
        this.updater = requireNonNull(updater, "updater is null");
        this.schedule = requireNonNull(schedule, "schedule is null");
        this.random = requireNonNull(random, "random is null");
    }

    /** Schedules the first check at a random moment of one interval, and each next one after it. */
    public void start(ScheduledExecutorService executor) {
        requireNonNull(executor, "executor is null");
        executor.schedule(() -> checkAndReschedule(executor), schedule.first(random).toMillis(), TimeUnit.MILLISECONDS);
    }

    /** One check, now. */
    public void check() {
        try {
            updater.update().ifPresentOrElse(
                    staged -> LOG.info("release {} ({}) verified and staged in {}", staged.release().number(), staged.release().label(),
                            staged.directory()),
                    () -> LOG.debug("no new release"));
        } catch (PlanetLabException e) {
            if (e.code() == ErrorCode.NOT_FOUND) {
                LOG.debug("release check: {}", e.getMessage());
            } else {
                LOG.warn("release check refused or failed ({}): {}", e.code(), e.getMessage());
            }
        } catch (RuntimeException e) {
            LOG.warn("release check failed: {}", e.toString());
        }
    }

    private void checkAndReschedule(ScheduledExecutorService executor) {
        check();
        if (!executor.isShutdown()) {
            executor.schedule(() -> checkAndReschedule(executor), schedule.next(random).toMillis(), TimeUnit.MILLISECONDS);
        }
    }
}
