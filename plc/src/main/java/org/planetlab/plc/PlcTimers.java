package org.planetlab.plc;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.planetlab.plc.audit.AuditSettings;
import org.planetlab.plc.audit.FlowArchive;
import org.planetlab.plc.monitor.AvailabilityService;
import org.planetlab.plc.monitor.EscalationService;
import org.planetlab.plc.sliver.LastContacts;
import org.planetlab.plc.store.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What PLC does by itself, on one timer thread: writing node contacts and heartbeats, expiring
 * slices, marking silent nodes down and escalating those that stay down, keeping the flow archive within its retention. A task that
 * fails is logged and runs again at its next turn. With several servers on one store, slice
 * expiry and the down-marking run on one server at a time (advisory locks).
 */
final class PlcTimers implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PlcTimers.class);
    /** The advisory lock of slice expiry, so that one server at a time runs it ("PLCEXPIR"). */
    private static final long EXPIRY_LOCK_KEY = 0x504c_4345_5850_4952L;

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("plc-housekeeping").daemon(true).factory());
    private final Database database;
    private final LastContacts lastContacts;
    private final AvailabilityService availability;
    private final EscalationService escalations;
    private final FlowArchive flowArchive;
    private final AuditSettings auditSettings;
    private final Clock clock;
    private final Runnable expireSlices;

    /** @param expireSlices marks expired slices deleted (on this server; the lock is taken here) */
    PlcTimers(Database database, LastContacts lastContacts, AvailabilityService availability, EscalationService escalations,
            FlowArchive flowArchive, AuditSettings auditSettings, Clock clock, Runnable expireSlices) {
        this.database = requireNonNull(database, "database is null");
        this.lastContacts = requireNonNull(lastContacts, "lastContacts is null");
        this.availability = requireNonNull(availability, "availability is null");
        this.escalations = requireNonNull(escalations, "escalations is null");
        this.flowArchive = requireNonNull(flowArchive, "flowArchive is null");
        this.auditSettings = requireNonNull(auditSettings, "auditSettings is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.expireSlices = requireNonNull(expireSlices, "expireSlices is null");
    }

    /** Expires what is due now, then schedules every task. */
    void start(int housekeepingIntervalSeconds) {
        expireSlicesUnlessAnotherServerIs();
        scheduler.scheduleWithFixedDelay(this::housekeeping, housekeepingIntervalSeconds, housekeepingIntervalSeconds,
                TimeUnit.SECONDS);
        scheduler.scheduleWithFixedDelay(this::watchNodes, AvailabilityService.CHECK_INTERVAL_SECONDS,
                AvailabilityService.CHECK_INTERVAL_SECONDS, TimeUnit.SECONDS);
        scheduler.scheduleWithFixedDelay(this::maintainFlowArchive, 0, 1, TimeUnit.HOURS);
    }

    private void housekeeping() {
        try {
            // Every server buffers the contacts of the nodes that called it, so every server writes them.
            lastContacts.flush();
            expireSlicesUnlessAnotherServerIs();
        } catch (RuntimeException e) {
            LOG.warn("housekeeping failed; it will run again", e);
        }
    }

    /**
     * Writes the heartbeats this server heard; one server at a time marks silent nodes down and
     * escalates nodes that stay down.
     */
    private void watchNodes() {
        try {
            availability.tick();
            escalations.escalate();
        } catch (RuntimeException e) {
            LOG.warn("watching node heartbeats failed; it will run again", e);
        }
    }

    /** Drops flows past the retention and sorts finished days for lookups by address. */
    private void maintainFlowArchive() {
        try {
            flowArchive.dropExpired(clock.millis(), auditSettings.retentionDays());
            flowArchive.optimize(clock.millis());
        } catch (RuntimeException e) {
            LOG.warn("flow archive maintenance failed; it will run again in an hour", e);
        }
    }

    /** With several servers on one store, the first to take the expiry lock expires; the others skip. */
    private void expireSlicesUnlessAnotherServerIs() {
        database.runAlone(EXPIRY_LOCK_KEY, expireSlices);
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
