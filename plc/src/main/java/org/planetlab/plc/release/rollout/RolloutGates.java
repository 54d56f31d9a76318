package org.planetlab.plc.release.rollout;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.planetlab.api.monitor.AgentRelease;
import org.planetlab.plc.monitor.Heartbeat;
import org.planetlab.plc.store.Rows;

/**
 * The health gates of a rollout's open waves. A node passes when its last release report (its
 * boot manager reports at every release check) says it runs the release with a healthy agent and
 * converged slivers, and the monitor's latest heartbeat of its agent names the release and no
 * errors. A gate fails at once when a node of an open wave reported,
 * since the wave opened or the rollout was resumed, that the release's agent failed its health
 * check and the node went back, that its agent on the release is unhealthy, a failed boot
 * ({@code failboot}), or a crash ({@link CrashReports}: its agent exited by itself and was started
 * again, or it booted without a reboot PLC was asked for), however healthy it looks since.
 */
final class RolloutGates {
    private RolloutGates() {}

    /** The nodes of the open waves that pass. */
    static Set<Long> passed(Handle db, Rollout rollout, NodeHeartbeats heartbeats) {
        List<Long> open = rollout.openNodes();
        Set<Long> passed = new LinkedHashSet<>(Rows.select(db, "SELECT node_id FROM node_releases WHERE release_number = ?"
                        + " AND healthy = TRUE AND slivers_converged = TRUE AND reported >= ? ORDER BY node_id",
                List.of(rollout.releaseNumber(), rollout.created())).mapTo(Long.class).list());
        passed.retainAll(open);
        passed.removeIf(node -> heartbeatProblem(db, rollout, heartbeats, node).isPresent());
        return passed;
    }

    /**
     * Why the monitor's heartbeats do not yet show the node healthy on the release: the latest,
     * sent since the rollout began, must name the release's agent and report no errors.
     */
    private static Optional<String> heartbeatProblem(Handle db, Rollout rollout, NodeHeartbeats heartbeats, long node) {
        Optional<Heartbeat> latest = heartbeats.latest(db, node).filter(beat -> beat.sentAt() >= rollout.created());
        if (latest.isEmpty()) {
            return Optional.of("no heartbeat since the rollout began");
        }
        Heartbeat beat = latest.get();
        if (!AgentRelease.names(beat.agentVersion(), rollout.releaseNumber())) {
            return Optional.of("its heartbeats report agent " + beat.agentVersion());
        }
        if (!beat.errors().isEmpty()) {
            return Optional.of("its heartbeats report errors: " + String.join("; ", beat.errors()));
        }
        return Optional.empty();
    }

    /** What failed, one line per node, or nothing. */
    static List<String> failures(Handle db, Rollout rollout) {
        Set<Long> open = Set.copyOf(rollout.openNodes());
        List<String> failures = new ArrayList<>();
        Rows.select(db, "SELECT f.node_id, n.hostname, f.message FROM node_release_failures f JOIN nodes n ON n.node_id ="
                        + " f.node_id WHERE f.release_number = ? AND f.reported >= ? ORDER BY f.node_id",
                List.of(rollout.releaseNumber(), rollout.waveOpened()))
                .map((row, context) -> Map.entry(row.getLong(1), "node " + row.getString(2) + " rolled release "
                        + rollout.releaseNumber() + " back by itself: " + row.getString(3)))
                .forEach(entry -> {
                    if (open.contains(entry.getKey())) {
                        failures.add(entry.getValue());
                    }
                });
        Rows.select(db, "SELECT r.node_id, n.hostname, r.message FROM node_releases r JOIN nodes n ON n.node_id = r.node_id"
                        + " WHERE r.release_number = ? AND r.healthy = FALSE AND r.reported >= ? ORDER BY r.node_id",
                List.of(rollout.releaseNumber(), rollout.waveOpened()))
                .map((row, context) -> Map.entry(row.getLong(1), "node " + row.getString(2) + " reports an unhealthy agent on"
                        + " release " + rollout.releaseNumber() + ": " + row.getString(3)))
                .forEach(entry -> {
                    if (open.contains(entry.getKey())) {
                        failures.add(entry.getValue());
                    }
                });
        Rows.select(db, "SELECT b.node_id, n.hostname, b.message FROM node_boots b JOIN nodes n ON n.node_id = b.node_id"
                        + " WHERE b.event = 'failboot' AND b.reported >= ? ORDER BY b.node_boot_id", List.of(rollout.waveOpened()))
                .map((row, context) -> Map.entry(row.getLong(1), "node " + row.getString(2) + " failed to boot: "
                        + row.getString(3)))
                .forEach(entry -> {
                    if (open.contains(entry.getKey())) {
                        failures.add(entry.getValue());
                    }
                });
        failures.addAll(CrashReports.since(db, open, rollout.waveOpened()));
        return failures;
    }

    /** The host names of the open waves' nodes that have not passed, with what their heartbeats say, for the operators. */
    static String waiting(Handle db, Rollout rollout, Set<Long> passed, NodeHeartbeats heartbeats) {
        List<Long> waiting = rollout.openNodes().stream().filter(node -> !passed.contains(node)).toList();
        return waiting.stream().map(node -> Rows.select(db, "SELECT hostname FROM nodes WHERE node_id = ?", List.of(node))
                .mapTo(String.class).findOne().orElse("node " + node)
                + heartbeatProblem(db, rollout, heartbeats, node).map(problem -> " (" + problem + ")").orElse(""))
                .collect(Collectors.joining(", "));
    }
}
