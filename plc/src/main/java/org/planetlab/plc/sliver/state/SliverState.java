package org.planetlab.plc.sliver.state;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * A slice's sliver on one node as the node last reported it.
 *
 * @param state building, failed, running or stopped as reported; unknown if the node's last report
 *     does not list the sliver or the node has not reported yet
 * @param reason the node's words; for an unknown state, PLC's explanation of why it is unknown
 * @param since since when the sliver is in that state, by the node's clock; empty if unknown
 * @param reported when PLC received the node's last report of its slivers; empty if never
 */
public record SliverState(long nodeId, String hostname, long sliceId, String sliceName, String state, String reason,
        OptionalLong since, OptionalLong reported) {
    public static final String UNKNOWN = "unknown";

    public SliverState {
        requireNonNull(hostname, "hostname is null");
        requireNonNull(sliceName, "sliceName is null");
        requireNonNull(state, "state is null");
        requireNonNull(reason, "reason is null");
        requireNonNull(since, "since is null");
        requireNonNull(reported, "reported is null");
    }

    /** True if the node has sent at least one report of its slivers. */
    public boolean nodeReported() {
        return reported.isPresent();
    }

    /** GetSliverStates' NodeSliverState struct. */
    Map<String, Object> toWire() {
        Map<String, Object> wire = new LinkedHashMap<>();
        wire.put("node_id", nodeId);
        wire.put("hostname", hostname);
        wire.put("state", state);
        wire.put("reason", reason);
        wire.put("since", since.isPresent() ? since.getAsLong() : null);
        wire.put("reported", reported.isPresent() ? reported.getAsLong() : null);
        return wire;
    }
}
