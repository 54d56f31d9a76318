package org.planetlab.plc.slice;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.plc.auth.Caller;
import org.planetlab.plc.change.ObjectType;
import org.planetlab.plc.foreign.ForeignObjects;
import org.planetlab.plc.mutation.Mutation;
import org.planetlab.plc.mutation.MutationPath;
import org.planetlab.plc.naming.AuthorityPolicies;
import org.planetlab.plc.node.NodeRef;
import org.planetlab.plc.node.Nodes;
import org.planetlab.plc.person.PersonRef;
import org.planetlab.plc.person.Persons;
import org.planetlab.plc.site.Sites;
import org.planetlab.plc.store.Rows;

/**
 * Who is in a slice and where it runs: its users (added by PIs and operators) and its nodes
 * (within the slice's max_nodes and its site's max_slivers, never past a node's whitelist, and as
 * the authority policy of the node's management authority allows: {@link AuthorityPolicies}).
 */
public final class SliceMembership {
    private final MutationPath mutations;
    private final SliceNames names;

    public SliceMembership(MutationPath mutations, SliceNames names) {
        this.mutations = requireNonNull(mutations, "mutations is null");
        this.names = requireNonNull(names, "names is null");
    }

    public void addPerson(Caller caller, PersonRef person, SliceRef slice) {
        mutations.run(caller, "AddPersonToSlice", List.of(person.key(), slice.key()), mutation -> {
            changePerson(mutation, "AddPersonToSlice", person, slice, true);
            return null;
        });
    }

    public void addNodes(Caller caller, SliceRef slice, List<NodeRef> nodes) {
        mutations.run(caller, "AddSliceToNodes", List.of(slice.key(), nodes.stream().map(NodeRef::key).toList()),
                mutation -> {
                    changeNodes(mutation, "AddSliceToNodes", slice, nodes, true);
                    return null;
                });
    }

    /**
     * The users of a slice, by person id, read in {@code handle}'s transaction; shown to those who
     * may manage the slice (its users, the PIs of its site, operators).
     */
    public List<Long> users(org.jdbi.v3.core.Handle handle, Caller caller, SliceRef ref) {
        Slices.SliceRecord slice = Slices.require(handle, names, ref.key());
        Slices.requireManager(handle, caller, slice, "GetSlices");
        return handle.createQuery("SELECT person_id FROM slice_persons WHERE slice_id = :slice ORDER BY person_id")
                .bind("slice", slice.sliceId()).mapTo(Long.class).list();
    }

    /** Adds or removes a user of a slice; only the PIs of the slice's site and operators may. */
    public void changePerson(Mutation mutation, String action, PersonRef personRef, SliceRef sliceRef, boolean add) {
        changePerson(mutation, action, personRef, require(mutation, sliceRef), add);
    }

    /** Adds several users to a slice at once. */
    public void addPrincipals(Mutation mutation, SliceRef sliceRef, List<PersonRef> persons) {
        Slices.SliceRecord slice = require(mutation, sliceRef);
        for (PersonRef person : persons) {
            changePerson(mutation, "AddSlicePrincipal", person, slice, true);
        }
    }

    /**
     * Adds a slice to nodes or removes it from them; its users and the PIs of its site may. The
     * nodes are all found before any changes, so an unknown node changes nothing.
     */
    public void changeNodes(Mutation mutation, String action, SliceRef sliceRef, List<NodeRef> refs, boolean add) {
        Slices.SliceRecord slice = require(mutation, sliceRef);
        Slices.requireManager(mutation.db(), mutation.caller(), slice, action);
        ForeignObjects.requireLocal(mutation.db(), ObjectType.SLICE, slice.sliceId(), action);
        List<Nodes.NodeRecord> nodes = new ArrayList<>();
        for (NodeRef ref : refs) {
            Nodes.NodeRecord node = Nodes.require(mutation.db(), ref.key());
            if (add) {
                Whitelists.requireAllowed(mutation.db(), mutation.caller(), slice, node);
            }
            nodes.add(node);
        }
        for (Nodes.NodeRecord node : nodes) {
            Map<String, Object> link = Map.of("slice", slice.sliceId(), "node", node.nodeId());
            Rows.execute(mutation.db(), "DELETE FROM slice_nodes WHERE slice_id = :slice AND node_id = :node", link);
            if (add) {
                Rows.insert(mutation.db(), "slice_nodes", Map.of("slice_id", slice.sliceId(), "node_id", node.nodeId()));
            }
            mutation.affected(ObjectType.NODE, node.nodeId());
        }
        if (add) {
            checkNodeLimits(mutation, slice);
            AuthorityPolicies.require(mutation.db(), slice.sliceId(), slice.name(),
                    nodes.stream().map(Nodes.NodeRecord::nodeId).toList());
        }
        mutation.affected(ObjectType.SLICE, slice.sliceId());
    }

    private Slices.SliceRecord require(Mutation mutation, SliceRef ref) {
        return Slices.require(mutation.db(), names, ref.key());
    }

    private static void changePerson(Mutation mutation, String action, PersonRef personRef, Slices.SliceRecord slice,
            boolean add) {
        Slices.requirePiOrOperator(mutation.caller(), slice, action);
        ForeignObjects.requireLocal(mutation.db(), ObjectType.SLICE, slice.sliceId(), action);
        Persons.PersonRecord person = Persons.require(mutation.db(), personRef.key());
        Map<String, Object> link = Map.of("slice", slice.sliceId(), "person", person.personId());
        Rows.execute(mutation.db(), "DELETE FROM slice_persons WHERE slice_id = :slice AND person_id = :person", link);
        if (add) {
            Rows.insert(mutation.db(), "slice_persons", Map.of("slice_id", slice.sliceId(),
                    "person_id", person.personId()));
        }
        mutation.affected(ObjectType.SLICE, slice.sliceId());
        mutation.affected(ObjectType.PERSON, person.personId());
        mutation.message("person %d %s slice %s".formatted(person.personId(), add ? "added to" : "removed from",
                slice.name()));
    }

    private static void checkNodeLimits(Mutation mutation, Slices.SliceRecord slice) {
        long onNodes = mutation.db().createQuery("SELECT COUNT(*) FROM slice_nodes j JOIN nodes n"
                        + " ON n.node_id = j.node_id AND n.deleted = FALSE WHERE j.slice_id = :slice")
                .bind("slice", slice.sliceId()).mapTo(Long.class).one();
        if (onNodes > slice.maxNodes()) {
            throw new PlanetLabException(ErrorCode.QUOTA_EXCEEDED, "slice %s would be on %d nodes; its max_nodes is %d"
                    .formatted(slice.name(), onNodes, slice.maxNodes()));
        }
        Sites.SiteRecord site = Sites.require(mutation.db(), slice.siteId());
        long slivers = mutation.db().createQuery("SELECT COUNT(*) FROM slice_nodes j JOIN slices s"
                        + " ON s.slice_id = j.slice_id AND s.is_deleted = FALSE JOIN nodes n ON n.node_id = j.node_id"
                        + " AND n.deleted = FALSE WHERE s.site_id = :site")
                .bind("site", site.siteId()).mapTo(Long.class).one();
        if (slivers > site.maxSlivers()) {
            throw new PlanetLabException(ErrorCode.QUOTA_EXCEEDED, "site %s's slices would have %d slivers; its"
                    .formatted(site.loginBase(), slivers) + " max_slivers is " + site.maxSlivers());
        }
    }
}
