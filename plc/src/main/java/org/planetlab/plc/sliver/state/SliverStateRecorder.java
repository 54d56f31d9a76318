package org.planetlab.plc.sliver.state;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.api.sliver.SliverStateApi;
import org.planetlab.plc.auth.Caller;
import org.planetlab.plc.auth.NodeClock;
import org.planetlab.plc.mutation.MutationPath;
import org.planetlab.plc.slice.SliceNames;

/**
 * Records the sliver states nodes report. A report is checked whole before anything is written,
 * in the transaction that writes it: from a node, sent near PLC's clock, after the node's last
 * report (the same report again is a duplicate). It replaces every state the node reported before,
 * so a sliver the node no longer lists has no state; slivers of slices that do not have the node
 * (removed at PLC while the node still tears them down) are listed in the answer and not kept.
 */
public final class SliverStateRecorder {

    private final MutationPath mutations;
    private final SliceNames names;
    private final Duration interval;

    public SliverStateRecorder(MutationPath mutations, SliceNames names, Duration interval) {
        this.mutations = requireNonNull(mutations, "mutations is null");
        this.names = requireNonNull(names, "names is null");
        this.interval = requireNonNull(interval, "interval is null");
    }

    /** Records a report the calling node sent; answers what was recorded and when the next is due. */
    public Map<String, Object> report(Caller caller, Map<String, Object> wire) {
        long nodeId = caller.nodeId().orElseThrow(() -> PlanetLabException.permissionDenied(
                SliverStateApi.REPORT_SLIVER_STATES + ": only a node reports its slivers' states, signed with its node key"));
        SliverStateReport report = SliverStateReport.fromWire(wire);
        return mutations.run(caller, SliverStateApi.REPORT_SLIVER_STATES, List.of(report.sequence(), report.slivers().size()),
                mutation -> {
                    // Reports are data, not changes of the registry: they leave no entry in the event log.
                    mutation.quietIfUnchanged();
                    long now = mutation.now();
                    NodeClock.requireNear("report", report.sentAt(), now);
                    Handle handle = mutation.db();
                    if (!follows(handle, nodeId, report, now)) {
                        return answer(0, List.of(), true);
                    }
                    Map<String, Long> hosted = hostedSlices(handle, nodeId);
                    List<String> ignored = new ArrayList<>();
                    handle.createUpdate("DELETE FROM sliver_states WHERE node_id = :node").bind("node", nodeId).execute();
                    int recorded = 0;
                    for (SliverStateReport.Sliver sliver : report.slivers()) {
                        Long sliceId = hosted.get(names.lookupName(sliver.name()));
                        if (sliceId == null) {
                            ignored.add(sliver.name());
                            continue;
                        }
                        handle.createUpdate("INSERT INTO sliver_states (node_id, slice_id, state, reason, since)"
                                        + " VALUES (:node, :slice, :state, :reason, :since)")
                                .bind("node", nodeId).bind("slice", sliceId).bind("state", sliver.state())
                                .bind("reason", sliver.reason()).bind("since", sliver.since()).execute();
                        recorded++;
                    }
                    mutation.message("states of %d slivers recorded".formatted(recorded));
                    return answer(recorded, ignored, false);
                });
    }

    private Map<String, Object> answer(int recorded, List<String> ignored, boolean duplicate) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("recorded", (long) recorded);
        answer.put("ignored", List.copyOf(ignored));
        answer.put("duplicate", duplicate);
        answer.put("interval_seconds", interval.toSeconds());
        return answer;
    }

    /**
     * Makes the report the node's last; false if it is that one already (a resend). Refuses a
     * report of the same run with a lower number, or of an earlier run.
     */
    private static boolean follows(Handle handle, long nodeId, SliverStateReport report, long now) {
        Optional<long[]> last = handle.createQuery("SELECT agent_started, sequence FROM sliver_state_reporters"
                        + " WHERE node_id = :node")
                .bind("node", nodeId).map((row, context) -> new long[] {row.getLong(1), row.getLong(2)}).findOne();
        if (last.isPresent() && last.get()[0] == report.agentStarted() && last.get()[1] == report.sequence()) {
            return false;
        }
        if (last.isPresent() && (last.get()[0] > report.agentStarted()
                || (last.get()[0] == report.agentStarted() && last.get()[1] > report.sequence()))) {
            throw PlanetLabException.invalidArgument("sliver state report " + report.sequence() + " of the agent run started"
                    + " at " + report.agentStarted() + " comes before the last one recorded (" + last.get()[1]
                    + " of the run started at " + last.get()[0] + "); a replayed or out-of-order report is not recorded");
        }
        String statement = last.isPresent()
                ? "UPDATE sliver_state_reporters SET agent_started = :started, sequence = :sequence, received = :now"
                        + " WHERE node_id = :node"
                : "INSERT INTO sliver_state_reporters (node_id, agent_started, sequence, received)"
                        + " VALUES (:node, :started, :sequence, :now)";
        handle.createUpdate(statement).bind("node", nodeId).bind("started", report.agentStarted())
                .bind("sequence", report.sequence()).bind("now", now).execute();
        return true;
    }

    /** The live slices that have the node, by name. */
    private static Map<String, Long> hostedSlices(Handle handle, long nodeId) {
        Map<String, Long> hosted = new HashMap<>();
        handle.createQuery("SELECT s.name, s.slice_id FROM slice_nodes sn JOIN slices s ON s.slice_id = sn.slice_id"
                        + " WHERE sn.node_id = :node AND s.is_deleted = FALSE")
                .bind("node", nodeId)
                .map((row, context) -> Map.entry(row.getString(1), row.getLong(2)))
                .forEach(entry -> hosted.put(entry.getKey(), entry.getValue()));
        return hosted;
    }
}
