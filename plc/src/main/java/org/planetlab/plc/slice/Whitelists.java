package org.planetlab.plc.slice;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.plc.auth.Caller;
import org.planetlab.plc.change.ObjectType;
import org.planetlab.plc.mutation.Mutation;
import org.planetlab.plc.node.NodeRef;
import org.planetlab.plc.node.Nodes;
import org.planetlab.plc.store.QueryEngine;
import org.planetlab.plc.store.Rows;
import org.planetlab.plc.store.SqlCondition;

/**
 * Node whitelists, as the original PLCAPI kept them: a node whose whitelist holds any live slice
 * accepts only those slices. Operators keep the lists; {@link #requireAllowed} is the check
 * AddSliceToNodes makes, which lets people of the node's own site past the list.
 */
public final class Whitelists {
    /** Live slices on a node's whitelist. */
    private static final String LISTED = "SELECT w.slice_id FROM node_slice_whitelist w JOIN slices s"
            + " ON s.slice_id = w.slice_id AND s.is_deleted = FALSE WHERE w.node_id = ";

    private final SliceNames names;

    public Whitelists(SliceNames names) {
        this.names = requireNonNull(names, "names is null");
    }

    /**
     * Puts a slice on the whitelists of nodes or takes it off them; the nodes are all found before
     * any change, so an unknown node changes nothing. Taking a slice off a list leaves it on the
     * nodes it is on, as in the original.
     */
    public void change(Mutation mutation, SliceRef sliceRef, List<NodeRef> refs, boolean add) {
        Slices.SliceRecord slice = Slices.require(mutation.db(), names, sliceRef.key());
        List<Nodes.NodeRecord> nodes = new ArrayList<>();
        for (NodeRef ref : refs) {
            nodes.add(Nodes.require(mutation.db(), ref.key()));
        }
        for (Nodes.NodeRecord node : nodes) {
            Map<String, Object> link = Map.of("slice", slice.sliceId(), "node", node.nodeId());
            Rows.execute(mutation.db(), "DELETE FROM node_slice_whitelist WHERE slice_id = :slice AND node_id = :node",
                    link);
            if (add) {
                Rows.insert(mutation.db(), "node_slice_whitelist", Map.of("node_id", node.nodeId(),
                        "slice_id", slice.sliceId()));
            }
            mutation.affected(ObjectType.NODE, node.nodeId());
        }
        mutation.affected(ObjectType.SLICE, slice.sliceId());
        mutation.message("slice %s %s the whitelists of %d nodes".formatted(slice.name(), add ? "added to"
                : "removed from", nodes.size()));
    }

    /**
     * Refuses to put {@code slice} on {@code node} if the node has a whitelist without the slice,
     * unless the caller belongs to the node's site (whose people may run anything on their nodes).
     */
    static void requireAllowed(Handle handle, Caller caller, Slices.SliceRecord slice, Nodes.NodeRecord node) {
        List<Long> listed = handle.createQuery(LISTED + ":node").bind("node", node.nodeId()).mapTo(Long.class).list();
        if (!listed.isEmpty() && !listed.contains(slice.sliceId()) && !caller.isAtSite(node.siteId())) {
            throw PlanetLabException.invalidArgument("%s is not allowed on %s (not on the whitelist); an operator"
                    .formatted(slice.name(), node.hostname()) + " may add it with AddSliceToNodesWhitelist");
        }
    }

    /**
     * What GetWhitelist shows: nodes with a whitelist; to operators all of them, to others those
     * whose whitelist holds one of their slices (a person's own slices, a node's slices).
     */
    static QueryEngine.Access access(Caller caller) {
        String hasList = "EXISTS (" + LISTED + "t.node_id";
        if (caller.isOperator()) {
            return new QueryEngine.Access(true, SqlCondition.of(hasList + ")"));
        }
        if (caller.personId().isPresent()) {
            return new QueryEngine.Access(false, SqlCondition.of(hasList
                    + " AND w.slice_id IN (SELECT m.slice_id FROM slice_persons m WHERE m.person_id = ?))",
                    caller.personId().get()));
        }
        if (caller.nodeId().isPresent()) {
            return new QueryEngine.Access(false, SqlCondition.of(hasList
                    + " AND w.slice_id IN (SELECT m.slice_id FROM slice_nodes m WHERE m.node_id = ?))",
                    caller.nodeId().get()));
        }
        return new QueryEngine.Access(false, SqlCondition.of("1 = 0"));
    }
}
