package org.planetlab.am.call;

import java.util.HashMap;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.planetlab.am.sliver.AmSliver;

/**
 * A sliver's {@code geni_operational_status} from what its node last reported of it
 * (ReportSliverStates), not from what PLC asked for: a started slice whose node has not made or
 * started the sliver yet is configuring, a stopped one the node still runs is stopping, and a
 * node that failed to make or start it says so, with its reason as {@code geni_error}.
 */
final class OperationalStates {
    static final String PENDING_ALLOCATION = "geni_pending_allocation";
    static final String CONFIGURING = "geni_configuring";
    static final String READY = "geni_ready";
    static final String NOT_READY = "geni_notready";
    static final String STOPPING = "geni_stopping";
    static final String FAILED = "geni_failed";

    /** A sliver's operational status and the error that goes with it (empty unless failed). */
    record Status(String operational, String error) {}

    private record Reported(String state, String reason) {}

    private final Map<Long, Reported> byNode;

    private OperationalStates(Map<Long, Reported> byNode) {
        this.byNode = byNode;
    }

    /** What the nodes last reported of the slice's slivers. */
    static OperationalStates of(Handle db, long sliceId) {
        Map<Long, Reported> byNode = new HashMap<>();
        db.createQuery("SELECT node_id, state, reason FROM sliver_states WHERE slice_id = :slice").bind("slice", sliceId)
                .map((row, context) -> Map.entry(row.getLong(1), new Reported(row.getString(2), row.getString(3))))
                .forEach(entry -> byNode.put(entry.getKey(), entry.getValue()));
        return new OperationalStates(byNode);
    }

    /**
     * The status of one sliver: pending until provisioned; then as its node reports it, against
     * whether it should run now ({@code shouldRun}: its slice is started and, on a reservable node,
     * its lease is running). Running is ready (stopping if it should not run), building is
     * configuring, failed is failed; stopped, or not reported yet, is configuring if it should run
     * (the node has yet to act) and not ready otherwise.
     */
    Status of(AmSliver sliver, boolean shouldRun) {
        if (!sliver.provisioned()) {
            return new Status(PENDING_ALLOCATION, "");
        }
        Reported reported = byNode.get(sliver.nodeId());
        String state = reported == null ? "unknown" : reported.state();
        return switch (state) {
            case "running" -> new Status(shouldRun ? READY : STOPPING, "");
            case "building" -> new Status(CONFIGURING, "");
            case "failed" -> new Status(FAILED, reported.reason().isEmpty() ? "the node reports the sliver failed"
                    : reported.reason());
            default -> new Status(shouldRun ? CONFIGURING : NOT_READY, "");
        };
    }
}
