package org.planetlab.plc.peer;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.api.key.KeyApi;
import org.planetlab.api.node.NodeApi;
import org.planetlab.api.person.PersonApi;
import org.planetlab.api.schema.ArrayType;
import org.planetlab.api.schema.Field;
import org.planetlab.api.schema.IntType;
import org.planetlab.api.schema.StructType;
import org.planetlab.api.site.SiteApi;
import org.planetlab.api.slice.SliceApi;
import org.planetlab.api.slice.SliceTagApi;

/**
 * What a peer's GetPeerData answer must look like, field by field, with the same rules this
 * PLC applies to its own objects (a login base, a hostname, an e-mail address, a slice name as
 * they would be accepted here). Anything else, a field more or less included, is refused before
 * anything is written.
 */
final class PeerDataSchema {
    /** Most objects of one kind a peer may send: ten times PlanetLab's size at its largest. */
    static final int MAX_OBJECTS = 500_000;

    static final StructType SITE = of("PeerSite", SiteApi.SITE, "site_id", "login_base", "name", "abbreviated_name",
            "url", "latitude", "longitude", "max_slices", "max_slivers", "is_public", "enabled", "date_created",
            "last_updated");
    static final StructType NODE = of("PeerNode", NodeApi.NODE, "node_id", "site_id", "hostname", "node_type",
            "boot_state", "model", "version", "date_created", "last_updated");
    static final StructType PERSON = of("PeerPerson", PersonApi.PERSON, "person_id", "email", "first_name", "last_name",
            "title", "url", "bio", "enabled", "date_created", "last_updated");
    static final StructType KEY = of("PeerKey", KeyApi.KEY, "key_id", "person_id", "key_type", "key");
    static final StructType SLICE = of("PeerSlice", SliceApi.SLICE, "slice_id", "site_id", "name", "hrn",
            "instantiation", "state", "url", "description", "max_nodes", "created", "expires", "node_ids", "person_ids");
    static final StructType SLICE_TAG = of("PeerSliceTag", SliceTagApi.SLICE_TAG, "slice_tag_id", "slice_id", "tagname",
            "value");
    static final StructType PEER_NODE = StructType.of("PeerNodeMapping",
            Field.writable("node_id", IntType.ID, "the peer's id of one of our nodes"),
            Field.writable("peer_node_id", IntType.ID, "our id of that node"))
            .requiring("node_id", "peer_node_id");

    static final StructType DATA = StructType.of("PeerData",
            Field.writable("Sites", new ArrayType(SITE, MAX_OBJECTS), "the peer's sites"),
            Field.writable("Nodes", new ArrayType(NODE, MAX_OBJECTS), "the peer's nodes"),
            Field.writable("Persons", new ArrayType(PERSON, MAX_OBJECTS), "the peer's persons"),
            Field.writable("Keys", new ArrayType(KEY, MAX_OBJECTS), "the peer's persons' keys"),
            Field.writable("Slices", new ArrayType(SLICE, MAX_OBJECTS), "the peer's slices"),
            Field.writable("PeerNodes", new ArrayType(PEER_NODE, MAX_OBJECTS), "our nodes as the peer knows them"),
            // Not required: a peer that does not send its slices' attributes is still read.
            Field.writable("SliceTags", new ArrayType(SLICE_TAG, MAX_OBJECTS), "the slice-wide attributes of the"
                    + " peer's slices that its slices' users may set"))
            .requiring("Sites", "Nodes", "Persons", "Keys", "Slices", "PeerNodes");

    /** Data holding nothing: refreshing with it deletes every foreign object of a peer. */
    static final Map<String, Object> EMPTY = Map.of("Sites", List.of(), "Nodes", List.of(), "Persons", List.of(),
            "Keys", List.of(), "Slices", List.of(), "PeerNodes", List.of(), "SliceTags", List.of());

    private PeerDataSchema() {}

    /** Checks a GetPeerData answer, returning it with each value checked. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> check(Object answer) {
        try {
            return (Map<String, Object>) DATA.check(answer, "GetPeerData");
        } catch (PlanetLabException e) {
            throw malformed(e.getMessage());
        }
    }

    /** The named fields of {@code source}, each with its type there, all required and all writable here. */
    private static StructType of(String name, StructType source, String... names) {
        List<Field> fields = new ArrayList<>();
        for (String field : names) {
            Field original = source.field(field);
            fields.add(Field.writable(field, original.type(), original.doc()));
        }
        return StructType.of(name, fields.toArray(Field[]::new)).requiring(names);
    }

    /**
     * Refuses data whose objects name objects it does not hold: a node of a site, a key of a
     * person, a slice of a site, a slice's node or user that is not in the data, or an id twice.
     */
    static void requireConsistent(Map<String, Object> data) {
        Set<Long> sites = ids(data, "Sites", "site_id");
        Set<Long> nodes = ids(data, "Nodes", "node_id");
        Set<Long> persons = ids(data, "Persons", "person_id");
        ids(data, "Keys", "key_id");
        Set<Long> slices = ids(data, "Slices", "slice_id");
        Set<Long> peerNodes = ids(data, "PeerNodes", "node_id");
        ids(data, "SliceTags", "slice_tag_id");
        requireKnown(data, "SliceTags", "slice_id", slices);
        requireKnown(data, "Nodes", "site_id", sites);
        requireKnown(data, "Keys", "person_id", persons);
        requireKnown(data, "Slices", "site_id", sites);
        Set<Long> anyNode = new HashSet<>(nodes);
        anyNode.addAll(peerNodes);
        for (Map<String, Object> slice : list(data, "Slices")) {
            requireAll(slice, "node_ids", anyNode, "Nodes or PeerNodes");
            requireAll(slice, "person_ids", persons, "Persons");
        }
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> list(Map<String, Object> data, String name) {
        return (List<Map<String, Object>>) data.getOrDefault(name, List.of());
    }

    private static Set<Long> ids(Map<String, Object> data, String name, String idField) {
        Set<Long> ids = new HashSet<>();
        for (Map<String, Object> object : list(data, name)) {
            if (!ids.add((Long) object.get(idField))) {
                throw malformed(name + " holds " + idField + " " + object.get(idField) + " twice");
            }
        }
        return ids;
    }

    private static void requireKnown(Map<String, Object> data, String name, String field, Set<Long> known) {
        for (Map<String, Object> object : list(data, name)) {
            if (!known.contains((Long) object.get(field))) {
                throw malformed("an object of " + name + " names " + field + " " + object.get(field)
                        + ", which the data does not hold");
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static void requireAll(Map<String, Object> slice, String field, Set<Long> known, String where) {
        for (Object id : (List<Object>) slice.get(field)) {
            if (!known.contains((Long) id)) {
                throw malformed("slice " + slice.get("name") + " names " + field + " " + id + ", which is not in " + where);
            }
        }
    }

    static PlanetLabException malformed(String why) {
        return PlanetLabException.invalidArgument("the peer's GetPeerData answer is malformed: " + why
                + "; nothing was changed");
    }
}
