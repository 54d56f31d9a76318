package org.planetlab.plc.sliver.state;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.planetlab.api.sliver.SliverStateApi;
import org.planetlab.plc.auth.Caller;
import org.planetlab.plc.slice.SliceNames;
import org.planetlab.plc.slice.Slices;

/**
 * GetSliverStates: each node of a slice with its sliver's state as the node last reported it, for
 * the slice's users, its site's PIs and operators. A node that has not reported the sliver is
 * answered as unknown, with when PLC last heard from it, so a user tells a node that has not acted
 * yet from one that is silent.
 */
public final class SliverStates {
    private final SliceNames names;

    public SliverStates(SliceNames names) {
        this.names = requireNonNull(names, "names is null");
    }

    public List<Map<String, Object>> ofSlice(Handle handle, Caller caller, Object sliceRef) {
        Slices.SliceRecord slice = Slices.require(handle, names, sliceRef);
        Slices.requireManager(handle, caller, slice, SliverStateApi.GET_SLIVER_STATES);
        List<Map<String, Object>> nodes = new ArrayList<>();
        handle.createQuery("SELECT n.node_id, n.hostname, st.state, st.reason, st.since, r.received"
                        + " FROM slice_nodes sn JOIN nodes n ON n.node_id = sn.node_id"
                        + " LEFT JOIN sliver_states st ON st.node_id = sn.node_id AND st.slice_id = sn.slice_id"
                        + " LEFT JOIN sliver_state_reporters r ON r.node_id = sn.node_id"
                        + " WHERE sn.slice_id = :slice ORDER BY n.node_id")
                .bind("slice", slice.sliceId())
                .map((row, context) -> {
                    Map<String, Object> node = new LinkedHashMap<>();
                    node.put("node_id", row.getLong(1));
                    node.put("hostname", row.getString(2));
                    String state = row.getString(3);
                    long received = row.getLong(6);
                    boolean reported = !row.wasNull();
                    node.put("state", state == null ? "unknown" : state);
                    node.put("reason", state != null ? row.getString(4) : reported
                            ? "the node's last report does not list this sliver: it has not made it yet"
                            : "the node has not reported its slivers' states yet");
                    node.put("since", state == null ? null : row.getLong(5));
                    node.put("reported", reported ? received : null);
                    return node;
                })
                .forEach(nodes::add);
        return nodes;
    }
}
