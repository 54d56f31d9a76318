package org.planetlab.plc.release.rollout;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.planetlab.plc.api.MethodRegistry;
import org.planetlab.plc.auth.Caller;
import org.planetlab.plc.mail.MailOutbox;
import org.planetlab.plc.mail.Mailer;
import org.planetlab.plc.mutation.MutationPath;
import org.planetlab.plc.release.ReleaseService;
import org.planetlab.plc.store.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PLC's rollouts as one part: the service and its methods, the outbox of paused-rollout letters,
 * and the timer that checks the running rollout's gates. A node's release report checks them at
 * once; the timer catches what arrives otherwise: the heartbeats of a node's new agent (kept in
 * the monitor's memory, not reported as a change), boot reports, a deadline that passes. It asks
 * every second whether a rollout is running (one row read) and checks the gates only then, so a
 * wave opens about a second after its last node's heartbeat shows the release, and an idle PLC
 * writes nothing.
 */
public final class Rollouts implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Rollouts.class);
    /** How often the timer asks whether a rollout is running, and if so checks its gates. */
    public static final Duration CHECK_INTERVAL = Duration.ofSeconds(1);

    private final Database database;
    private final MailOutbox outbox;
    private RolloutService service;
    private volatile NodeHeartbeats heartbeats = NodeHeartbeats.NONE;
    private ScheduledExecutorService timer;

    private Rollouts(Database database, MailOutbox outbox) {
        this.database = database;
        this.outbox = outbox;
    }

    /** The outbox of paused-rollout letters, woken by the commits that queue them. */
    public static Rollouts prepare(Database database, Mailer mailer, Clock clock) {
        return new Rollouts(requireNonNull(database, "database is null"), new MailOutbox(RolloutMail.TABLE, database, mailer, clock));
    }

    /** Makes the service and registers its methods. */
    public RolloutService open(ReleaseService releases, Optional<String> supportAddress, MethodRegistry registry) {
        service = new RolloutService(requireNonNull(releases, "releases is null"), supportAddress,
                (db, nodeId) -> heartbeats.latest(db, nodeId));
        new RolloutMethods(service).register(registry);
        return service;
    }

    /** Connects the gates to the monitor's heartbeats (PLC's monitor starts after the rollouts). */
    public void readHeartbeats(NodeHeartbeats source) {
        heartbeats = requireNonNull(source, "source is null");
    }

    public RolloutService service() {
        return service;
    }

    /** Starts delivering letters and checking gates; changes go through {@code path}. */
    public void start(MutationPath path) {
        outbox.start(path);
        timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("plc-rollout-gates").daemon(true).factory());
        timer.scheduleWithFixedDelay(() -> checkIfRunning(path), CHECK_INTERVAL.toMillis(), CHECK_INTERVAL.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    private void checkIfRunning(MutationPath path) {
        try {
            if (database.read(RolloutStore::running)) {
                check(path);
            }
        } catch (RuntimeException e) {
            LOG.warn("reading whether a rollout runs failed; asking again in {} s", CHECK_INTERVAL.toSeconds(), e);
        }
    }

    /** One check of the running rollout's gates, now. */
    public void check(MutationPath path) {
        try {
            path.run(Caller.INTERNAL, "CheckRolloutGates", List.of(), mutation -> {
                mutation.quietIfUnchanged();
                return service.evaluate(mutation);
            });
        } catch (RuntimeException e) {
            LOG.warn("checking the rollout's gates failed; trying again in {} s", CHECK_INTERVAL.toSeconds(), e);
        }
    }

    /** The outbox of letters to the operators, for delivering at once (tests, an operator's flush). */
    public MailOutbox outbox() {
        return outbox;
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
        outbox.close();
    }
}
