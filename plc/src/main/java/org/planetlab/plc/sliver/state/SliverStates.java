package org.planetlab.plc.sliver.state;

import static java.util.Objects.requireNonNull;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.OptionalLong;
import org.jdbi.v3.core.Handle;
import org.planetlab.api.sliver.SliverStateApi;
import org.planetlab.plc.auth.Caller;
import org.planetlab.plc.slice.SliceNames;
import org.planetlab.plc.slice.Slices;

/**
 * GetSliverStates: each node of a slice with its sliver's state as the node last reported it, for
 * the slice's users, its site's PIs and operators. A node that has not reported the sliver is
 * answered as unknown, with when PLC last heard from it, so a user tells a node that has not acted
 * yet from one that is silent. The same rule answers for one node: the states of its slivers of
 * the slices the caller may see the states of.
 */
public final class SliverStates {
    private static final String SELECT = "SELECT n.node_id, n.hostname, s.slice_id, s.name, st.state, st.reason,"
            + " st.since, r.received"
            + " FROM slice_nodes sn JOIN nodes n ON n.node_id = sn.node_id"
            + " JOIN slices s ON s.slice_id = sn.slice_id AND s.is_deleted = FALSE"
            + " LEFT JOIN sliver_states st ON st.node_id = sn.node_id AND st.slice_id = sn.slice_id"
            + " LEFT JOIN sliver_state_reporters r ON r.node_id = sn.node_id";

    private final SliceNames names;

    public SliverStates(SliceNames names) {
        this.names = requireNonNull(names, "names is null");
    }

    /**
     * Each node of the slice, by node id, with its sliver's state; refused unless the caller is a
     * user of the slice, a PI of its site or an operator.
     *
     * @param sliceRef the slice's id (a Long) or name, as GetSliverStates takes it
     */
    public List<SliverState> ofSlice(Handle handle, Caller caller, Object sliceRef) {
        Slices.SliceRecord slice = Slices.require(handle, names, sliceRef);
        Slices.requireManager(handle, caller, slice, SliverStateApi.GET_SLIVER_STATES);
        return handle.createQuery(SELECT + " WHERE sn.slice_id = :slice ORDER BY n.node_id")
                .bind("slice", slice.sliceId()).map((row, context) -> read(row)).list();
    }

    /**
     * The slivers of a node, by slice id, of the slices whose states the caller may see (as for
     * {@link #ofSlice}: their users, their sites' PIs, operators); the others are left out.
     */
    public List<SliverState> onNode(Handle handle, Caller caller, long nodeId) {
        return handle.createQuery(SELECT + " WHERE sn.node_id = :node ORDER BY s.slice_id")
                .bind("node", nodeId).map((row, context) -> read(row)).list().stream()
                .filter(state -> Slices.find(handle, state.sliceId())
                        .filter(slice -> Slices.mayManage(handle, caller, slice)).isPresent())
                .toList();
    }

    private static SliverState read(ResultSet row) throws SQLException {
        long nodeId = row.getLong(1);
        String hostname = row.getString(2);
        long sliceId = row.getLong(3);
        String sliceName = row.getString(4);
        String state = row.getString(5);
        String reason = row.getString(6);
        long since = row.getLong(7);
        boolean sinceKnown = !row.wasNull();
        long received = row.getLong(8);
        boolean reported = !row.wasNull();
        String explained = state != null ? reason : reported
                ? "the node's last report does not list this sliver: it has not made it yet"
                : "the node has not reported its slivers' states yet";
        return new SliverState(nodeId, hostname, sliceId, sliceName, state == null ? SliverState.UNKNOWN : state,
                explained, state != null && sinceKnown ? OptionalLong.of(since) : OptionalLong.empty(),
                reported ? OptionalLong.of(received) : OptionalLong.empty());
    }
}
