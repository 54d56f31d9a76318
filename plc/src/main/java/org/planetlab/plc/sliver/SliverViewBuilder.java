package org.planetlab.plc.sliver;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.api.schema.Filter;
import org.planetlab.api.sliver.GetSliversWire;
import org.planetlab.api.sliver.NodeAccount;
import org.planetlab.api.sliver.NodeView;
import org.planetlab.api.sliver.SliceStops;
import org.planetlab.api.sliver.Sliver;
import org.planetlab.api.sliver.SliverKey;
import org.planetlab.api.wire.JsonCodec;
import org.planetlab.plc.change.ObjectRef;
import org.planetlab.plc.change.ObjectType;
import org.planetlab.plc.initscript.InitScripts;
import org.planetlab.plc.lease.NodeReservations;
import org.planetlab.plc.naming.NamingAuthorities;
import org.planetlab.plc.node.NodeTables;
import org.planetlab.plc.stop.Stops;
import org.planetlab.plc.store.QueryEngine;

/**
 * Computes what one node must run: its slivers with their users' keys and resolved attributes,
 * its accounts, interfaces, groups and configuration files. Each sliver is built from its
 * slice's {@link SliceParts.Part}, taken from the cache when there and loaded (a few queries for
 * all the missing ones) when not. It also records which registry objects the view was computed
 * from, so that a change to any other object leaves the view cached.
 */
final class SliverViewBuilder {
    /**
     * A view, its wire form (written once, served to every poll until the view changes), its
     * version, the objects it depends on, until when it holds if nothing changes, and the slice
     * parts it had to load.
     */
    record View(NodeView view, Map<String, Object> wire, String version, Set<ObjectRef> dependsOn, long validUntil,
            Map<Long, SliceParts.Part> loadedParts) {}

    private static final long MAX_VALIDITY_SECONDS = 3600;
    private static final int VERSION_HEX_LENGTH = 32;

    /** Live, unexpired slices the node runs: central slices on it, and system slices everywhere. */
    private static final String SLIVER_SLICES = "SELECT s.slice_id FROM slices s WHERE s.is_deleted = FALSE"
            + " AND s.expires > :now AND ((s.instantiation = 'plc-instantiated' AND s.slice_id IN"
            + " (SELECT sn.slice_id FROM slice_nodes sn WHERE sn.node_id = :node)) OR (s.instantiation <>"
            + " 'not-instantiated' AND s.slice_id IN (SELECT st.slice_id FROM slice_tags st JOIN tag_types y ON"
            + " y.tag_type_id = st.tag_type_id WHERE y.tagname = 'system' AND st.value = '1' AND st.node_id IS NULL"
            + " AND st.nodegroup_id IS NULL)))";

    private SliverViewBuilder() {}

    /** Builds the node's view; {@code cached} gives the parts already known (or null). */
    static View build(Handle handle, long nodeId, long now, Function<Long, SliceParts.Part> cached, JsonCodec json) {
        Map<String, Object> node = handle.createQuery("SELECT node_id, hostname, site_id FROM nodes"
                        + " WHERE node_id = :node AND deleted = FALSE")
                .bind("node", nodeId).mapToMap().findOne()
                .orElseThrow(() -> PlanetLabException.notFound("no node with node_id " + nodeId));
        long siteId = ((Number) node.get("site_id")).longValue();
        Set<ObjectRef> dependsOn = new HashSet<>();
        dependsOn.add(new ObjectRef(ObjectType.NODE, nodeId));
        dependsOn.add(new ObjectRef(ObjectType.SITE, siteId));

        Map<Long, String> groups = groups(handle, nodeId);
        List<Long> sliceIds = handle.createQuery(SLIVER_SLICES + " ORDER BY s.name")
                .bind("node", nodeId).bind("now", now).mapTo(Long.class).list();
        Map<Long, SliceParts.Part> parts = new HashMap<>(sliceIds.size() * 2);
        List<Long> missing = new ArrayList<>();
        for (long sliceId : sliceIds) {
            SliceParts.Part part = cached.apply(sliceId);
            if (part == null) {
                missing.add(sliceId);
            } else {
                parts.put(sliceId, part);
            }
        }
        List<Map<String, Object>> initScripts = InitScripts.enabled(handle);
        Map<String, String> initScriptTexts = InitScripts.textsByName(initScripts);
        Map<Long, SliceParts.Part> loaded = missing.isEmpty() ? Map.of()
                : SliceParts.load(handle, missing, SLIVER_SLICES, Map.of("node", nodeId, "now", now), initScriptTexts,
                        json);
        parts.putAll(loaded);
        Map<Long, List<String[]>> nodeTags = nodeTags(handle, nodeId);
        // A stop of every slice, or of a slice on this node, holds whatever the slice's own state says.
        boolean everySliceStopped = Stops.everySliceStopped(handle).isPresent();
        Set<Long> stoppedHere = Stops.slicesStoppedOn(handle, nodeId);

        MessageDigest version = SliceParts.sha256();
        long validUntil = now + MAX_VALIDITY_SECONDS;
        List<Sliver> slivers = new ArrayList<>(sliceIds.size());
        List<Object> sliverWires = new ArrayList<>(sliceIds.size());
        for (long sliceId : sliceIds) {
            SliceParts.Part part = parts.get(sliceId);
            if (part == null) {
                continue; // deleted between the two reads; the change that deleted it drops this view
            }
            validUntil = Math.min(validUntil, part.expires());
            dependsOn.addAll(part.dependsOn());
            List<String[]> own = nodeTags.getOrDefault(sliceId, List.of());
            boolean stopped = everySliceStopped || stoppedHere.contains(sliceId);
            if (own.isEmpty() && !part.hasTagsFor(groups.keySet()) && !stopped) {
                slivers.add(part.sliver());
                sliverWires.add(part.wire());
                version.update(part.digest());
            } else {
                Sliver sliver = SliceParts.sliver(stopped ? stopped(part.slice()) : part.slice(), part.keys(),
                        SliceParts.resolve(own, part.tags(), groups.keySet()), initScriptTexts);
                Map<String, Object> wire = GetSliversWire.toWire(sliver);
                slivers.add(sliver);
                sliverWires.add(wire);
                version.update(SliceParts.digest(json, wire));
            }
        }

        // The naming authorities are read at every build but are no dependency: one matters to a node
        // only once a slice under it is on the node, and that slice changes the view.
        NodeView view = new NodeView(nodeId, (String) node.get("hostname"),
                QueryEngine.get(handle, NodeTables.INTERFACES, Filter.where("node_id", nodeId), null,
                        QueryEngine.Access.EVERYONE),
                List.copyOf(new TreeMap<>(invert(groups)).keySet()),
                ConfFileSelection.forNode(handle, nodeId, groups.keySet()), initScripts, accounts(handle, siteId, dependsOn),
                slivers, new SliceStops(everySliceStopped, stoppedSlices(handle, now)),
                NodeReservations.of(handle, nodeId, now, dependsOn), NamingAuthorities.hrns(handle));
        Map<String, Object> withoutSlivers = GetSliversWire.withoutSlivers(view);
        // The slivers are already in the version through their digests; the rest is hashed whole.
        version.update(SliceParts.digest(json, withoutSlivers));
        String hex = HexFormat.of().formatHex(version.digest()).substring(0, VERSION_HEX_LENGTH);
        return new View(view, GetSliversWire.withSlivers(withoutSlivers, sliverWires), hex, dependsOn, validUntil, loaded);
    }

    /**
     * Every live slice stopped now, on any node: its tickets may be redeemed on nodes it has no
     * sliver on, so each node's ticket desk must know. A slice's stop or start changes every view.
     */
    private static List<String> stoppedSlices(Handle handle, long now) {
        return handle.createQuery("SELECT hrn FROM slices WHERE is_deleted = FALSE AND expires > :now"
                        + " AND state = 'stopped' ORDER BY hrn")
                .bind("now", now).mapTo(String.class).list();
    }

    private static SliceParts.Slice stopped(SliceParts.Slice slice) {
        return new SliceParts.Slice(slice.name(), slice.hrn(), slice.sliceId(), slice.instantiation(), "stopped",
                slice.expires());
    }

    /** Attribute values set for this node itself, per slice, in the order they were added. */
    private static Map<Long, List<String[]>> nodeTags(Handle handle, long nodeId) {
        Map<Long, List<String[]>> tags = new HashMap<>();
        handle.createQuery("SELECT st.slice_id, y.tagname, st.value FROM slice_tags st JOIN tag_types y"
                        + " ON y.tag_type_id = st.tag_type_id WHERE st.node_id = :node ORDER BY st.slice_tag_id")
                .bind("node", nodeId)
                .map((row, context) -> Map.entry(row.getLong(1), new String[] {row.getString(2), row.getString(3)}))
                .forEach(entry -> tags.computeIfAbsent(entry.getKey(), slice -> new ArrayList<>()).add(entry.getValue()));
        return tags;
    }

    private static Map<Long, String> groups(Handle handle, long nodeId) {
        Map<Long, String> groups = new TreeMap<>();
        handle.createQuery("SELECT g.nodegroup_id, g.groupname FROM node_tags j JOIN nodegroups g ON"
                        + " g.tag_type_id = j.tag_type_id AND g.value = j.value WHERE j.node_id = :node")
                .bind("node", nodeId).mapToMap()
                .forEach(row -> groups.put(((Number) row.get("nodegroup_id")).longValue(), (String) row.get("groupname")));
        return groups;
    }

    /** site_admin: the site's PIs and techs; root: the operators. Only enabled accounts' keys. */
    private static List<NodeAccount> accounts(Handle handle, long siteId, Set<ObjectRef> dependsOn) {
        List<Long> siteStaff = new ArrayList<>();
        handle.createQuery("SELECT DISTINCT p.person_id, p.enabled FROM persons p JOIN person_sites ps ON"
                        + " ps.person_id = p.person_id AND ps.site_id = :site JOIN person_roles r ON r.person_id ="
                        + " p.person_id AND r.role_id IN (20, 40) WHERE p.deleted = FALSE ORDER BY p.person_id")
                .bind("site", siteId)
                .map((row, context) -> new long[] {row.getLong(1), row.getBoolean(2) ? 1 : 0})
                .forEach(row -> {
                    dependsOn.add(new ObjectRef(ObjectType.PERSON, row[0]));
                    if (row[1] == 1) {
                        siteStaff.add(row[0]);
                    }
                });
        List<Long> operators = new ArrayList<>();
        handle.createQuery("SELECT DISTINCT p.person_id, p.enabled FROM persons p JOIN person_roles r ON"
                        + " r.person_id = p.person_id AND r.role_id = 10 WHERE p.deleted = FALSE ORDER BY p.person_id")
                .map((row, context) -> new long[] {row.getLong(1), row.getBoolean(2) ? 1 : 0})
                .forEach(row -> {
                    // Operators' keys are in every node's root account: a change to any operator counts.
                    dependsOn.add(new ObjectRef(ObjectType.PERSON, row[0]));
                    if (row[1] == 1) {
                        operators.add(row[0]);
                    }
                });
        Map<Long, List<SliverKey>> keysByPerson = new HashMap<>();
        Set<Long> persons = new HashSet<>(siteStaff);
        persons.addAll(operators);
        if (!persons.isEmpty()) {
            handle.createQuery("SELECT k.person_id, k.key_type, k.key_text FROM person_keys k WHERE k.person_id IN (<ids>)"
                            + " ORDER BY k.key_id")
                    .bindList("ids", List.copyOf(persons))
                    .map((row, context) -> new Object[] {row.getLong(1), row.getString(2), row.getString(3)})
                    .forEach(row -> {
                        keysByPerson.computeIfAbsent((Long) row[0], person -> new ArrayList<>())
                                .add(new SliverKey((String) row[1], ((String) row[2]).strip()));
                    });
        }
        return List.of(account(NodeAccount.SITE_ADMIN, siteStaff, keysByPerson),
                account(NodeAccount.ROOT, operators, keysByPerson));
    }

    private static NodeAccount account(String name, List<Long> persons, Map<Long, List<SliverKey>> keysByPerson) {
        List<SliverKey> keys = new ArrayList<>();
        persons.forEach(person -> keys.addAll(keysByPerson.getOrDefault(person, List.of())));
        return new NodeAccount(name, keys);
    }

    private static Map<String, Long> invert(Map<Long, String> groups) {
        Map<String, Long> inverted = new TreeMap<>();
        groups.forEach((id, name) -> inverted.put(name, id));
        return inverted;
    }
}
