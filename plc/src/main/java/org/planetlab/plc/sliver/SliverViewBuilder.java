package org.planetlab.plc.sliver;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jdbi.v3.core.Handle;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.api.rspec.RspecAttribute;
import org.planetlab.api.schema.Filter;
import org.planetlab.plc.api.ObjectRef;
import org.planetlab.plc.api.ObjectType;
import org.planetlab.plc.node.NodeTables;
import org.planetlab.plc.store.ColumnKind;
import org.planetlab.plc.store.QueryEngine;

/**
 * Computes what one node must run: its slivers with their users' keys and resolved attributes,
 * its accounts, interfaces, groups and configuration files. A handful of queries whatever the
 * number of slivers. It also records which registry objects the view was computed from, so that
 * a change to any other object leaves the view cached.
 */
final class SliverViewBuilder {
    /** A view, the objects it depends on, and until when it holds if nothing changes. */
    record View(Map<String, Object> body, Set<ObjectRef> dependsOn, long validUntil) {}

    private static final long MAX_VALIDITY_SECONDS = 3600;

    /** Live, unexpired slices the node runs: central slices on it, and system slices everywhere. */
    private static final String SLIVER_SLICES = "SELECT s.slice_id FROM slices s WHERE s.is_deleted = FALSE"
            + " AND s.expires > :now AND ((s.instantiation = 'plc-instantiated' AND s.slice_id IN"
            + " (SELECT sn.slice_id FROM slice_nodes sn WHERE sn.node_id = :node)) OR (s.instantiation <>"
            + " 'not-instantiated' AND s.slice_id IN (SELECT st.slice_id FROM slice_tags st JOIN tag_types y ON"
            + " y.tag_type_id = st.tag_type_id WHERE y.tagname = 'system' AND st.value = '1' AND st.node_id IS NULL"
            + " AND st.nodegroup_id IS NULL)))";

    private SliverViewBuilder() {}

    static View build(Handle handle, long nodeId, long now) {
        Map<String, Object> node = handle.createQuery("SELECT node_id, hostname, site_id FROM nodes"
                        + " WHERE node_id = :node AND deleted = FALSE")
                .bind("node", nodeId).mapToMap().findOne()
                .orElseThrow(() -> PlanetLabException.notFound("no node with node_id " + nodeId));
        long siteId = ((Number) node.get("site_id")).longValue();
        Set<ObjectRef> dependsOn = new HashSet<>();
        dependsOn.add(new ObjectRef(ObjectType.NODE, nodeId));
        dependsOn.add(new ObjectRef(ObjectType.SITE, siteId));

        Map<Long, String> groups = groups(handle, nodeId);
        List<Map<String, Object>> slices = handle.createQuery("SELECT slice_id, name, hrn, instantiation, state, expires"
                        + " FROM slices WHERE slice_id IN (" + SLIVER_SLICES + ") ORDER BY name")
                .bind("node", nodeId).bind("now", now).mapToMap().list();
        Map<Long, List<Map<String, Object>>> keysByPerson = keysByPerson(handle, nodeId, siteId, now);
        Map<Long, List<Long>> members = members(handle, nodeId, now, dependsOn);
        Map<Long, List<String[]>> attributes = attributes(handle, nodeId, now, groups.keySet());

        long validUntil = now + MAX_VALIDITY_SECONDS;
        List<Object> slivers = new ArrayList<>(slices.size());
        for (Map<String, Object> slice : slices) {
            long sliceId = ((Number) slice.get("slice_id")).longValue();
            long expires = ((Number) slice.get("expires")).longValue();
            validUntil = Math.min(validUntil, expires);
            dependsOn.add(new ObjectRef(ObjectType.SLICE, sliceId));
            slivers.add(sliver(slice, sliceId, expires, members.getOrDefault(sliceId, List.of()), keysByPerson,
                    attributes.getOrDefault(sliceId, List.of())));
        }

        Map<String, Object> body = new LinkedHashMap<>();
        body.put("node_id", nodeId);
        body.put("hostname", node.get("hostname"));
        body.put("interfaces", QueryEngine.get(handle, NodeTables.INTERFACES, Filter.where("node_id", nodeId), null,
                QueryEngine.Access.EVERYONE));
        body.put("groups", List.copyOf(new TreeMap<>(invert(groups)).keySet()));
        body.put("conf_files", ConfFileSelection.forNode(handle, nodeId, groups.keySet()));
        body.put("slivers", slivers);
        body.put("accounts", accounts(handle, siteId, keysByPerson, dependsOn));
        return new View(body, dependsOn, validUntil);
    }

    private static Map<String, Object> sliver(Map<String, Object> slice, long sliceId, long expires, List<Long> members,
            Map<Long, List<Map<String, Object>>> keysByPerson, List<String[]> attributes) {
        Map<String, Object> sliver = new LinkedHashMap<>();
        sliver.put("name", slice.get("name"));
        sliver.put("hrn", slice.get("hrn"));
        sliver.put("slice_id", sliceId);
        sliver.put("instantiation", slice.get("instantiation"));
        sliver.put("state", slice.get("state"));
        sliver.put("expires", expires);
        List<Object> keys = new ArrayList<>();
        for (long personId : members) {
            keys.addAll(keysByPerson.getOrDefault(personId, List.of()));
        }
        sliver.put("keys", keys);
        List<Object> tagList = new ArrayList<>();
        Map<String, String> rspec = new LinkedHashMap<>();
        for (String[] attribute : attributes) {
            tagList.add(Map.of("tagname", attribute[0], "value", attribute[1]));
            rspec.putIfAbsent(attribute[0], attribute[1]);
        }
        sliver.put("attributes", tagList);
        Map<String, Object> resolved = new LinkedHashMap<>();
        for (RspecAttribute attribute : RspecAttribute.values()) {
            resolved.put(attribute.attributeName(), rspec.getOrDefault(attribute.attributeName(), attribute.defaultValue()));
        }
        sliver.put("rspec", resolved);
        return sliver;
    }

    private static Map<Long, String> groups(Handle handle, long nodeId) {
        Map<Long, String> groups = new TreeMap<>();
        handle.createQuery("SELECT g.nodegroup_id, g.groupname FROM node_tags j JOIN nodegroups g ON"
                        + " g.tag_type_id = j.tag_type_id AND g.value = j.value WHERE j.node_id = :node")
                .bind("node", nodeId).mapToMap()
                .forEach(row -> groups.put(((Number) row.get("nodegroup_id")).longValue(), (String) row.get("groupname")));
        return groups;
    }

    /** Enabled members of each sliver's slice; every member, enabled or not, is a dependency. */
    private static Map<Long, List<Long>> members(Handle handle, long nodeId, long now, Set<ObjectRef> dependsOn) {
        Map<Long, List<Long>> members = new TreeMap<>();
        handle.createQuery("SELECT sp.slice_id, p.person_id, p.enabled FROM slice_persons sp JOIN persons p ON"
                        + " p.person_id = sp.person_id AND p.deleted = FALSE WHERE sp.slice_id IN (" + SLIVER_SLICES
                        + ") ORDER BY sp.slice_id, p.person_id")
                .bind("node", nodeId).bind("now", now)
                .map((row, context) -> new long[] {row.getLong(1), row.getLong(2), row.getBoolean(3) ? 1 : 0})
                .forEach(row -> {
                    dependsOn.add(new ObjectRef(ObjectType.PERSON, row[1]));
                    if (row[2] == 1) {
                        members.computeIfAbsent(row[0], slice -> new ArrayList<>()).add(row[1]);
                    }
                });
        return members;
    }

    /** Keys of the persons any part of the view needs: slice members, the site's PIs and techs, operators. */
    private static Map<Long, List<Map<String, Object>>> keysByPerson(Handle handle, long nodeId, long siteId, long now) {
        Map<Long, List<Map<String, Object>>> keys = new TreeMap<>();
        handle.createQuery("SELECT k.person_id, k.key_type, k.key_text FROM person_keys k WHERE k.person_id IN"
                        + " (SELECT sp.person_id FROM slice_persons sp WHERE sp.slice_id IN (" + SLIVER_SLICES + "))"
                        + " OR k.person_id IN (SELECT ps.person_id FROM person_sites ps WHERE ps.site_id = :site)"
                        + " OR k.person_id IN (SELECT r.person_id FROM person_roles r WHERE r.role_id = 10)"
                        + " ORDER BY k.key_id")
                .bind("node", nodeId).bind("now", now).bind("site", siteId)
                .map((row, context) -> new Object[] {row.getLong(1), row.getString(2), row.getString(3)})
                .forEach(row -> {
                    Map<String, Object> key = new LinkedHashMap<>();
                    key.put("key_type", row[1]);
                    key.put("key", ((String) row[2]).strip());
                    keys.computeIfAbsent((Long) row[0], person -> new ArrayList<>()).add(key);
                });
        return keys;
    }

    /**
     * Each sliver's attributes, most specific first: values for this node, then for its groups,
     * then for the whole slice; a tag name set at a more specific level hides the others.
     */
    private static Map<Long, List<String[]>> attributes(Handle handle, long nodeId, long now, Set<Long> groupIds) {
        Map<Long, Map<String, List<String>>[]> levels = new TreeMap<>();
        handle.createQuery("SELECT st.slice_id, y.tagname, st.value, st.node_id, st.nodegroup_id FROM slice_tags st"
                        + " JOIN tag_types y ON y.tag_type_id = st.tag_type_id WHERE st.slice_id IN (" + SLIVER_SLICES
                        + ") AND (st.node_id IS NULL OR st.node_id = :node) ORDER BY st.slice_tag_id")
                .bind("node", nodeId).bind("now", now)
                .map((row, context) -> new Object[] {row.getLong(1), row.getString(2), row.getString(3),
                        ColumnKind.INTEGER.read(row, 4), ColumnKind.INTEGER.read(row, 5)})
                .forEach(row -> {
                    Long group = (Long) row[4];
                    if (group != null && !groupIds.contains(group)) {
                        return;
                    }
                    int level = row[3] != null ? 0 : group != null ? 1 : 2;
                    levels.computeIfAbsent((Long) row[0], slice -> newLevels())[level]
                            .computeIfAbsent((String) row[1], name -> new ArrayList<>()).add((String) row[2]);
                });
        Map<Long, List<String[]>> resolved = new TreeMap<>();
        levels.forEach((sliceId, byLevel) -> {
            Map<String, List<String>> chosen = new TreeMap<>();
            for (Map<String, List<String>> level : byLevel) {
                level.forEach(chosen::putIfAbsent);
            }
            List<String[]> list = new ArrayList<>();
            chosen.forEach((name, values) -> values.forEach(value -> list.add(new String[] {name, value})));
            resolved.put(sliceId, list);
        });
        return resolved;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, List<String>>[] newLevels() {
        return new Map[] {new TreeMap<>(), new TreeMap<>(), new TreeMap<>()};
    }

    /** site_admin: the site's PIs and techs; root: the operators. Only enabled accounts' keys. */
    private static List<Object> accounts(Handle handle, long siteId, Map<Long, List<Map<String, Object>>> keysByPerson,
            Set<ObjectRef> dependsOn) {
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
        return List.of(account("site_admin", siteStaff, keysByPerson), account("root", operators, keysByPerson));
    }

    private static Map<String, Object> account(String name, List<Long> persons,
            Map<Long, List<Map<String, Object>>> keysByPerson) {
        List<Object> keys = new ArrayList<>();
        persons.forEach(person -> keys.addAll(keysByPerson.getOrDefault(person, List.of())));
        Map<String, Object> account = new LinkedHashMap<>();
        account.put("name", name);
        account.put("keys", keys);
        return account;
    }

    private static Map<String, Long> invert(Map<Long, String> groups) {
        Map<String, Long> inverted = new TreeMap<>();
        groups.forEach((id, name) -> inverted.put(name, id));
        return inverted;
    }
}
