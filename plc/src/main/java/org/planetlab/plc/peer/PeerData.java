package org.planetlab.plc.peer;

import static org.planetlab.plc.store.ColumnKind.BOOLEAN;
import static org.planetlab.plc.store.ColumnKind.DOUBLE;
import static org.planetlab.plc.store.ColumnKind.INTEGER;
import static org.planetlab.plc.store.ColumnKind.TEXT;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.planetlab.api.method.Role;
import org.planetlab.plc.store.ColumnKind;

/**
 * GetPeerData's answer: this PLC's own (not foreign) sites, nodes, persons, keys and live
 * slices, without secrets (no node keys, password hashes, sessions, phone numbers or postal
 * addresses) and without system slices (which run on every node and are each PLC's own); a
 * slice lists its local users and its nodes that are local or belong to the calling peer. For a
 * calling peer, {@code PeerNodes} maps the ids this PLC gives that peer's nodes back to the
 * peer's own, so that the peer finds its own nodes in our slices. {@code SliceTags} holds the
 * slice-wide attributes of those slices that a slice's users may set (a bootscript, packages),
 * never what operators decide (resources, the system flag) or what is set per node.
 */
final class PeerData {
    private PeerData() {}

    static Map<String, Object> of(Handle handle, Optional<Long> callingPeer) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("Sites", rows(handle, "SELECT site_id, login_base, name, abbreviated_name, url, latitude, longitude,"
                + " max_slices, max_slivers, is_public, enabled, date_created, last_updated FROM sites"
                + " WHERE peer_id IS NULL AND deleted = FALSE ORDER BY site_id", Map.of(), columns(
                "site_id", INTEGER, "login_base", TEXT, "name", TEXT, "abbreviated_name", TEXT,
                "url", TEXT, "latitude", DOUBLE, "longitude", DOUBLE, "max_slices", INTEGER,
                "max_slivers", INTEGER, "is_public", BOOLEAN, "enabled", BOOLEAN, "date_created", INTEGER,
                "last_updated", INTEGER)));
        data.put("Nodes", rows(handle, "SELECT node_id, site_id, hostname, node_type, boot_state, model, version,"
                + " date_created, last_updated FROM nodes WHERE peer_id IS NULL AND deleted = FALSE ORDER BY node_id",
                Map.of(), columns("node_id", INTEGER, "site_id", INTEGER, "hostname", TEXT, "node_type", TEXT,
                        "boot_state", TEXT, "model", TEXT, "version", TEXT, "date_created", INTEGER,
                        "last_updated", INTEGER)));
        data.put("Persons", rows(handle, "SELECT person_id, email, first_name, last_name, title, url, bio, enabled,"
                + " date_created, last_updated FROM persons WHERE peer_id IS NULL AND deleted = FALSE ORDER BY person_id",
                Map.of(), columns("person_id", INTEGER, "email", TEXT, "first_name", TEXT, "last_name",
                        TEXT, "title", TEXT, "url", TEXT, "bio", TEXT, "enabled", BOOLEAN,
                        "date_created", INTEGER, "last_updated", INTEGER)));
        data.put("Keys", rows(handle, "SELECT k.key_id, k.person_id, k.key_type, k.key_text AS \"key\" FROM person_keys k"
                + " JOIN persons p ON p.person_id = k.person_id AND p.deleted = FALSE AND p.peer_id IS NULL"
                + " WHERE k.peer_id IS NULL ORDER BY k.key_id", Map.of(), columns("key_id", INTEGER, "person_id",
                INTEGER, "key_type", TEXT, "key", TEXT)));
        List<Map<String, Object>> slices = rows(handle, "SELECT slice_id, site_id, name, hrn, instantiation, state, url,"
                + " description, max_nodes, created, expires FROM slices s WHERE peer_id IS NULL AND is_deleted = FALSE AND NOT EXISTS"
                + " (SELECT 1 FROM slice_tags st JOIN tag_types y ON y.tag_type_id = st.tag_type_id WHERE st.slice_id ="
                + " s.slice_id AND y.tagname = 'system' AND st.value = '1' AND st.node_id IS NULL) ORDER BY slice_id",
                Map.of(), columns("slice_id", INTEGER, "site_id", INTEGER, "name", TEXT, "hrn", TEXT, "instantiation",
                        TEXT, "state", TEXT, "url", TEXT, "description", TEXT, "max_nodes", INTEGER, "created", INTEGER,
                        "expires", INTEGER));
        long peer = callingPeer.orElse(-1L);
        attach(slices, "node_ids", memberships(handle, "SELECT sn.slice_id, sn.node_id FROM slice_nodes sn JOIN nodes n"
                + " ON n.node_id = sn.node_id AND n.deleted = FALSE AND (n.peer_id IS NULL OR n.peer_id = :peer)"
                + " ORDER BY sn.slice_id, sn.node_id", Map.of("peer", peer)));
        attach(slices, "person_ids", memberships(handle, "SELECT sp.slice_id, sp.person_id FROM slice_persons sp"
                + " JOIN persons p ON p.person_id = sp.person_id AND p.deleted = FALSE AND p.peer_id IS NULL"
                + " ORDER BY sp.slice_id, sp.person_id", Map.of()));
        data.put("Slices", slices);
        java.util.Set<Object> exported = new java.util.HashSet<>();
        slices.forEach(slice -> exported.add(slice.get("slice_id")));
        data.put("SliceTags", rows(handle, "SELECT st.slice_tag_id, st.slice_id, y.tagname, st.value FROM slice_tags st"
                + " JOIN tag_types y ON y.tag_type_id = st.tag_type_id WHERE st.node_id IS NULL AND st.nodegroup_id IS NULL"
                + " AND y.min_role_id >= :user ORDER BY st.slice_tag_id", Map.of("user", Role.USER.roleId()), columns(
                "slice_tag_id", INTEGER, "slice_id", INTEGER, "tagname", TEXT, "value", TEXT)).stream()
                .filter(tag -> exported.contains(tag.get("slice_id"))).toList());
        data.put("PeerNodes", rows(handle, "SELECT node_id, peer_node_id FROM nodes WHERE peer_id = :peer"
                + " AND deleted = FALSE ORDER BY node_id", Map.of("peer", peer), columns("node_id", INTEGER,
                "peer_node_id", INTEGER)));
        return data;
    }

    private static Map<String, ColumnKind> columns(Object... pairs) {
        Map<String, ColumnKind> columns = new LinkedHashMap<>();
        for (int index = 0; index < pairs.length; index += 2) {
            columns.put((String) pairs[index], (ColumnKind) pairs[index + 1]);
        }
        return columns;
    }

    private static List<Map<String, Object>> rows(Handle handle, String sql, Map<String, Object> parameters,
            Map<String, ColumnKind> columns) {
        var query = handle.createQuery(sql);
        parameters.forEach(query::bind);
        return query.map((row, context) -> {
            // The columns are selected in the order they are listed.
            Map<String, Object> object = new LinkedHashMap<>();
            int index = 1;
            for (Map.Entry<String, ColumnKind> column : columns.entrySet()) {
                object.put(column.getKey(), column.getValue().read(row, index++));
            }
            return object;
        }).list();
    }

    private static Map<Long, List<Object>> memberships(Handle handle, String sql, Map<String, Object> parameters) {
        Map<Long, List<Object>> members = new HashMap<>();
        var query = handle.createQuery(sql);
        parameters.forEach(query::bind);
        query.map((row, context) -> new long[] {row.getLong(1), row.getLong(2)})
                .forEach(pair -> members.computeIfAbsent(pair[0], slice -> new ArrayList<>()).add(pair[1]));
        return members;
    }

    private static void attach(List<Map<String, Object>> slices, String field, Map<Long, List<Object>> members) {
        for (Map<String, Object> slice : slices) {
            slice.put(field, members.getOrDefault((Long) slice.get("slice_id"), List.of()));
        }
    }
}
