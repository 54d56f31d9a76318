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
import org.planetlab.plc.change.ChangeListener;
import org.planetlab.plc.mail.MailOutbox;
import org.planetlab.plc.mail.Mailer;
import org.planetlab.plc.mutation.MutationPath;
import org.planetlab.plc.release.ReleaseService;
import org.planetlab.plc.store.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PLC's rollouts as one part: the service and its methods, the outbox of paused-rollout letters,
 * and the timer that checks the running rollout's gates (a wave's deadline passes even when no
 * node reports).
 */
public final class Rollouts implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Rollouts.class);
    /** How often the gates are checked without a node report. */
    public static final Duration CHECK_INTERVAL = Duration.ofSeconds(15);

    private final MailOutbox outbox;
    private RolloutService service;
    private volatile NodeHeartbeats heartbeats = NodeHeartbeats.NONE;
    private ScheduledExecutorService timer;

    private Rollouts(MailOutbox outbox) {
        this.outbox = outbox;
    }

    /** The outbox first: it must hear of commits from the start. */
    public static Rollouts prepare(Database database, Mailer mailer, Clock clock) {
        return new Rollouts(new MailOutbox(RolloutMail.TABLE, database, mailer, clock));
    }

    public ChangeListener listener() {
        return outbox;
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
        timer.scheduleWithFixedDelay(() -> check(path), CHECK_INTERVAL.toMillis(), CHECK_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
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
