package org.planetlab.plc.release.rollout;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.plc.change.ObjectType;
import org.planetlab.plc.mutation.Mutation;
import org.planetlab.plc.release.PublishedRelease;
import org.planetlab.plc.release.ReleaseService;
import org.planetlab.plc.store.Database;
import org.planetlab.plc.store.Rows;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rolling node software releases out in waves (docs/updates.md). The newest rollout decides what
 * each node is offered: the nodes of its open waves the new release, the others the release they
 * had. Before the first rollout every node is offered the newest release, as when releases were
 * only published; from the first rollout on, a published release reaches nodes only through one.
 * Waves open one after the other when the open ones pass their health gates ({@link RolloutGates});
 * a failed gate or a missed deadline pauses the rollout and mails the operators. One rollout runs
 * at a time; going back is one call that publishes the earlier files as a new, higher release
 * (nodes never accept a lower number) and offers it to every node.
 */
public final class RolloutService {
    private static final Logger LOG = LoggerFactory.getLogger(RolloutService.class);
    /** How long a wave may take by default: a node checks for its release about every minute after it is offered. */
    public static final long DEFAULT_GATE_SECONDS = 1_800;

    private final ReleaseService releases;
    private final Optional<String> supportAddress;
    private final NodeHeartbeats heartbeats;

    public RolloutService(ReleaseService releases, Optional<String> supportAddress, NodeHeartbeats heartbeats) {
        this.releases = requireNonNull(releases, "releases is null");
        this.supportAddress = requireNonNull(supportAddress, "supportAddress is null");
        this.heartbeats = requireNonNull(heartbeats, "heartbeats is null");
    }

    /** Starts rolling {@code releaseNumber} out; its first wave opens now. */
    public long start(Mutation mutation, long releaseNumber, List<String> waves, long gateSeconds) {
        Handle db = mutation.db();
        if (gateSeconds < 1) {
            throw PlanetLabException.invalidArgument("gate_seconds must be at least 1, not " + gateSeconds);
        }
        Optional<Rollout> latest = RolloutStore.latest(db);
        latest.filter(rollout -> rollout.state().active()).ifPresent(rollout -> {
            throw PlanetLabException.invalidArgument("rollout " + rollout.id() + " of release " + rollout.releaseNumber() + " is "
                    + rollout.state().wireName() + "; finish it (pl release resume) or take it back (pl release rollback) first");
        });
        List<PublishedRelease> published = releases.releases(db);
        if (published.stream().noneMatch(release -> release.number() == releaseNumber)) {
            throw PlanetLabException.notFound("release " + releaseNumber + " does not exist; pl release list shows them");
        }
        long from = latest.map(rollout -> rollout.offeredTo(0)).orElseGet(() -> published.stream()
                .mapToLong(PublishedRelease::number).filter(number -> number < releaseNumber).max().orElse(0));
        if (releaseNumber <= from) {
            throw PlanetLabException.invalidArgument("release " + releaseNumber + " is not newer than release " + from
                    + ", which nodes are offered now; nodes never go back to a lower number (pl release rollback publishes"
                    + " earlier files as a new release)");
        }
        List<List<Long>> plan = WavePlan.resolve(db, waves);
        long id = Database.nextId(db, "rollouts");
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("rollout_id", id);
        row.put("release_number", releaseNumber);
        row.put("from_release", from);
        row.put("state", RolloutState.RUNNING.wireName());
        row.put("wave", 0);
        row.put("wave_count", plan.size());
        row.put("wave_opened", mutation.now());
        row.put("gate_seconds", gateSeconds);
        row.put("rollback_release", null);
        row.put("reason", "wave 1 of " + plan.size() + " opened");
        row.put("created", mutation.now());
        row.put("created_by", mutation.caller().personId().orElse(null));
        row.put("updated", mutation.now());
        Rows.insert(db, "rollouts", row);
        for (int wave = 0; wave < plan.size(); wave++) {
            for (long node : plan.get(wave)) {
                Rows.insert(db, "rollout_nodes", Map.of("rollout_id", id, "node_id", node, "wave", wave));
            }
        }
        mutation.affected(ObjectType.ROLLOUT, id);
        mutation.message("rollout " + id + ": release " + releaseNumber + " (from " + from + ") in " + plan.size()
                + " waves of " + plan.stream().map(List::size).toList() + " nodes");
        return id;
    }

    /** Stops the running rollout from opening more waves. */
    public long pause(Mutation mutation) {
        Rollout rollout = active(mutation.db(), RolloutState.RUNNING, "pause");
        String reason = "paused by " + mutation.caller().describe();
        RolloutStore.update(mutation.db(), rollout.id(), Map.of("state", RolloutState.PAUSED.wireName(), "reason", reason,
                "updated", mutation.now()));
        mutation.affected(ObjectType.ROLLOUT, rollout.id());
        mutation.message("rollout " + rollout.id() + " " + reason);
        return rollout.id();
    }

    /** Runs a paused rollout again: its gates count anew from now, failures from before are not held against it. */
    public long resume(Mutation mutation) {
        Rollout rollout = active(mutation.db(), RolloutState.PAUSED, "resume");
        RolloutStore.update(mutation.db(), rollout.id(), Map.of("state", RolloutState.RUNNING.wireName(), "wave_opened",
                mutation.now(), "reason", "resumed by " + mutation.caller().describe(), "updated", mutation.now()));
        mutation.affected(ObjectType.ROLLOUT, rollout.id());
        mutation.message("rollout " + rollout.id() + " resumed in wave " + (rollout.wave() + 1));
        return rollout.id();
    }

    /**
     * Every node back to earlier files in one step: publishes release {@code target}'s files (by
     * default those the newest rollout started from, or the release before the newest) as a new
     * release, and offers it to every node.
     *
     * @return the new release's number
     */
    public long rollback(Mutation mutation, Optional<Long> target) {
        Optional<Rollout> latest = RolloutStore.latest(mutation.db());
        Optional<Long> to = target.or(() -> latest.filter(rollout -> rollout.state() != RolloutState.ROLLED_BACK)
                .map(Rollout::fromRelease).filter(from -> from > 0));
        long number = to.isPresent() ? releases.rollbackTo(mutation, to.get()) : releases.rollback(mutation);
        latest.ifPresent(rollout -> {
            RolloutStore.update(mutation.db(), rollout.id(), Map.of("state", RolloutState.ROLLED_BACK.wireName(),
                    "rollback_release", number, "reason", "rolled back by " + mutation.caller().describe() + " to the files of release "
                            + to.map(String::valueOf).orElse("before the newest") + " as release " + number,
                    "updated", mutation.now()));
            mutation.affected(ObjectType.ROLLOUT, rollout.id());
        });
        return number;
    }

    /** The release {@code nodeId} is offered now, or empty when no rollout ever ran (then: the newest). */
    public Optional<Long> offeredRelease(Handle db, long nodeId) {
        return RolloutStore.latest(db).map(rollout -> rollout.offeredTo(nodeId));
    }

    /** Records a node's report and checks the gates at once, so a failure pauses the rollout without waiting. */
    public void report(Mutation mutation, long nodeId, NodeReleaseReport report) {
        Handle db = mutation.db();
        String message = report.message().length() <= 1000 ? report.message() : report.message().substring(0, 1000);
        Rows.execute(db, "DELETE FROM node_releases WHERE node_id = :node", Map.of("node", nodeId));
        Rows.insert(db, "node_releases", Map.of("node_id", nodeId, "release_number", report.releaseNumber(), "healthy",
                report.healthy(), "slivers_converged", report.sliversConverged(), "reported", mutation.now(), "message", message));
        report.failedRelease().ifPresent(failed -> {
            Rows.execute(db, "DELETE FROM node_release_failures WHERE node_id = :node AND release_number = :release AND reported"
                    + " = :now", Map.of("node", nodeId, "release", failed, "now", mutation.now()));
            Rows.insert(db, "node_release_failures", Map.of("node_id", nodeId, "release_number", failed, "reported",
                    mutation.now(), "message", message));
        });
        report.agentExitStatus().ifPresent(status -> CrashReports.record(mutation, nodeId, report.releaseNumber(), status, message));
        mutation.quietIfUnchanged();
        mutation.message("node " + nodeId + " runs release " + report.releaseNumber() + (report.healthy() ? ", healthy" : ", unhealthy")
                + report.failedRelease().map(failed -> "; gave up release " + failed).orElse("")
                + report.agentExitStatus().map(status -> "; its agent crashed with status " + status).orElse(""));
        if (report.failedRelease().isPresent() || !report.healthy() || report.agentExitStatus().isPresent()) {
            mutation.affected(ObjectType.NODE, nodeId);
        }
        evaluate(mutation);
    }

    /**
     * Checks the running rollout's gates: pauses it on a failure or a missed deadline, opens the
     * next wave when the open ones passed, completes it after the last.
     */
    public Optional<Rollout> evaluate(Mutation mutation) {
        Handle db = mutation.db();
        Optional<Rollout> latest = RolloutStore.latest(db).filter(rollout -> rollout.state() == RolloutState.RUNNING);
        if (latest.isEmpty()) {
            return Optional.empty();
        }
        Rollout rollout = latest.get();
        List<String> failures = RolloutGates.failures(db, rollout);
        if (!failures.isEmpty()) {
            pauseForGate(mutation, rollout, "wave " + (rollout.wave() + 1) + " failed its gates: " + String.join("; ", failures));
        } else {
            Set<Long> passed = RolloutGates.passed(db, rollout, heartbeats);
            if (passed.size() == rollout.openNodes().size()) {
                Map<String, Object> next = rollout.lastWave()
                        ? Map.of("state", RolloutState.COMPLETED.wireName(), "reason", "every wave passed its gates",
                                "updated", mutation.now())
                        : Map.of("wave", rollout.wave() + 1, "wave_opened", mutation.now(), "reason", "wave " + (rollout.wave() + 2)
                                + " of " + rollout.waves().size() + " opened", "updated", mutation.now());
                RolloutStore.update(db, rollout.id(), next);
                mutation.affected(ObjectType.ROLLOUT, rollout.id());
                mutation.message("rollout " + rollout.id() + ": " + next.get("reason"));
            } else if (mutation.now() > rollout.waveOpened() + rollout.gateSeconds()) {
                pauseForGate(mutation, rollout, "wave " + (rollout.wave() + 1) + " did not pass its gates within "
                        + rollout.gateSeconds() + " s: no report of release " + rollout.releaseNumber()
                        + " with a healthy agent and converged slivers, and heartbeats of its agent without errors, from "
                        + RolloutGates.waiting(db, rollout, passed, heartbeats));
            }
        }
        return RolloutStore.latest(db);
    }

    private void pauseForGate(Mutation mutation, Rollout rollout, String reason) {
        String stored = reason.length() <= 1000 ? reason : reason.substring(0, 997) + "...";
        RolloutStore.update(mutation.db(), rollout.id(), Map.of("state", RolloutState.PAUSED.wireName(), "reason", stored,
                "updated", mutation.now()));
        boolean mailed = RolloutMail.queuePaused(mutation.db(), rollout, reason, supportAddress, mutation.now());
        mutation.affected(ObjectType.ROLLOUT, rollout.id());
        mutation.message("rollout " + rollout.id() + " paused: " + stored);
        if (!mailed) {
            LOG.warn("rollout {} paused and no operator has an address to tell: {}", rollout.id(), reason);
        }
    }

    /** Every rollout, newest first. */
    public List<Rollout> rollouts(Handle db) {
        return RolloutStore.all(db);
    }

    /** The nodes of a rollout's open waves that pass its gates now. */
    public Set<Long> passed(Handle db, Rollout rollout) {
        return RolloutGates.passed(db, rollout, heartbeats);
    }

    private static Rollout active(Handle db, RolloutState wanted, String action) {
        Rollout rollout = RolloutStore.latest(db).orElseThrow(() -> PlanetLabException.notFound(
                "no rollout to " + action + "; pl release rollout starts one"));
        if (rollout.state() != wanted) {
            throw PlanetLabException.invalidArgument("rollout " + rollout.id() + " is " + rollout.state().wireName() + ", so there is"
                    + " nothing to " + action);
        }
        return rollout;
    }
}
