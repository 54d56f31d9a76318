package org.planetlab.plc.peer;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.planetlab.plc.change.ObjectType;
import org.planetlab.plc.mutation.Mutation;
import org.planetlab.plc.naming.AuthorityPolicies;
import org.planetlab.plc.store.Rows;

/**
 * Sets the nodes and users of a peer's slices here as the peer lists them. A slice's node is one
 * of the peer's own (foreign here) or one of ours the peer knows (its PeerNodes), which is how a
 * slice of the peer gets slivers on our nodes; a node or user that was skipped is left out and
 * reported. Only the memberships that differ are written, each waking the node it concerns.
 */
final class PeerMemberships {
    private final Mutation mutation;
    private final Map<Long, Long> nodes;
    private final Map<Long, Long> persons;
    private final Map<Long, Long> ourNodes;
    private final List<String> skipped;

    /**
     * @param nodes the peer's node ids to our ids of its (foreign) nodes
     * @param persons the peer's person ids to ours
     * @param ourNodes the peer's ids of our nodes to our ids
     * @param skipped where left-out members are reported
     */
    PeerMemberships(Mutation mutation, Map<Long, Long> nodes, Map<Long, Long> persons, Map<Long, Long> ourNodes,
            List<String> skipped) {
        this.mutation = requireNonNull(mutation, "mutation is null");
        this.nodes = Map.copyOf(nodes);
        this.persons = Map.copyOf(persons);
        this.ourNodes = Map.copyOf(ourNodes);
        this.skipped = requireNonNull(skipped, "skipped is null");
    }

    /** The peer's ids of our nodes (its PeerNodes) to our ids, for those still live and ours. */
    static Map<Long, Long> peerNodes(Handle handle, Map<String, Object> data) {
        Map<Long, Long> ours = new HashMap<>();
        for (Map<String, Object> mapping : PeerDataSchema.list(data, "PeerNodes")) {
            long ourId = (Long) mapping.get("peer_node_id");
            boolean live = handle.createQuery("SELECT 1 FROM nodes WHERE node_id = :id AND peer_id IS NULL"
                    + " AND deleted = FALSE").bind("id", ourId).mapTo(Integer.class).findFirst().isPresent();
            if (live) {
                ours.put((Long) mapping.get("node_id"), ourId);
            }
        }
        return ours;
    }

    /** @param sliceIds the peer's slice ids to ours, for the slices stored */
    @SuppressWarnings("unchecked")
    void apply(List<Map<String, Object>> slices, Map<Long, Long> sliceIds) {
        for (Map<String, Object> slice : slices) {
            Long sliceId = sliceIds.get((Long) slice.get("slice_id"));
            if (sliceId == null) {
                continue;
            }
            Set<Long> wantedNodes = new LinkedHashSet<>();
            for (Object peerNodeId : (List<Object>) slice.get("node_ids")) {
                Long nodeId = nodes.containsKey(peerNodeId) ? nodes.get(peerNodeId) : ourNodes.get(peerNodeId);
                if (nodeId == null) {
                    skipped.add("Slices: slice " + slice.get("name") + " is not put on the peer's node " + peerNodeId
                            + ", which is not stored here");
                } else {
                    wantedNodes.add(nodeId);
                }
            }
            // Our nodes run a peer's slice only as the authority policy of their management authority allows.
            for (AuthorityPolicies.Refusal refusal : AuthorityPolicies.check(mutation.db(), sliceId,
                    String.valueOf(slice.get("name")), List.copyOf(wantedNodes))) {
                wantedNodes.remove(refusal.nodeId());
                skipped.add("Slices: " + refusal.message());
            }
            Set<Long> wantedPersons = new LinkedHashSet<>();
            for (Object peerPersonId : (List<Object>) slice.get("person_ids")) {
                Long personId = persons.get(peerPersonId);
                if (personId == null) {
                    skipped.add("Slices: slice " + slice.get("name") + " does not get the peer's person " + peerPersonId
                            + ", who is not stored here");
                } else {
                    wantedPersons.add(personId);
                }
            }
            boolean changed = set(sliceId, "slice_nodes", "node_id", wantedNodes, ObjectType.NODE);
            changed |= set(sliceId, "slice_persons", "person_id", wantedPersons, ObjectType.PERSON);
            if (changed) {
                mutation.affected(ObjectType.SLICE, sliceId);
            }
        }
    }

    private boolean set(long sliceId, String table, String column, Set<Long> wanted, ObjectType type) {
        Set<Long> present = new LinkedHashSet<>(mutation.db().createQuery("SELECT " + column + " FROM " + table
                + " WHERE slice_id = :slice").bind("slice", sliceId).mapTo(Long.class).list());
        List<Long> changed = new ArrayList<>();
        for (long member : present) {
            if (!wanted.contains(member)) {
                Rows.execute(mutation.db(), "DELETE FROM " + table + " WHERE slice_id = :slice AND " + column + " = :member",
                        Map.of("slice", sliceId, "member", member));
                changed.add(member);
            }
        }
        for (long member : wanted) {
            if (!present.contains(member)) {
                Rows.insert(mutation.db(), table, Map.of("slice_id", sliceId, column, member));
                changed.add(member);
            }
        }
        changed.forEach(member -> mutation.affected(type, member));
        return !changed.isEmpty();
    }
}
