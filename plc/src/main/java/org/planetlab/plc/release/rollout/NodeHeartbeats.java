package org.planetlab.plc.release.rollout;

import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.planetlab.plc.monitor.Heartbeat;

/** The monitor's latest heartbeat of a node (ReportHeartbeat), which the rollout gates read. */
@FunctionalInterface
public interface NodeHeartbeats {
    /** Before PLC's monitor is connected: no node has a heartbeat, so no wave passes its gates. */
    NodeHeartbeats NONE = (db, nodeId) -> Optional.empty();

    Optional<Heartbeat> latest(Handle db, long nodeId);
}
