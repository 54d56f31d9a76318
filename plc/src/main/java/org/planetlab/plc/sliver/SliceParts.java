package org.planetlab.plc.sliver;

import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;
import org.planetlab.api.rspec.RspecAttribute;
import org.planetlab.api.sliver.GetSliversWire;
import org.planetlab.api.sliver.Sliver;
import org.planetlab.api.sliver.SliverAttribute;
import org.planetlab.api.sliver.SliverKey;
import org.planetlab.api.wire.JsonCodec;
import org.planetlab.plc.change.ObjectRef;
import org.planetlab.plc.change.ObjectType;
import org.planetlab.plc.store.ColumnKind;

/**
 * The part of a sliver's description that is the same on every node running the slice: its
 * record, its enabled members' keys and its attributes. A node's view is assembled from these
 * parts, so a change to a node or to one slice recomputes only what it touched, and nodes
 * sharing a slice share its part.
 */
final class SliceParts {
    /** Rows per query when loading parts by slice id. */
    private static final int BATCH = 500;
    /**
     * Above this many slices, parts are selected with the query that found the node's slices
     * rather than by a list of ids: PostgreSQL plans long IN lists slowly.
     */
    private static final int LIST_LIMIT = 50;

    private static final List<RspecAttribute> RSPEC = List.of(RspecAttribute.values());
    private static final String INITSCRIPT_CODE = "initscript_code";
    private static final String INITSCRIPT = "initscript";

    /** One attribute value: set for the whole slice (group null) or for one node group. */
    record Tag(Long nodegroupId, String name, String value) {}

    /** The slice's own fields of a sliver. */
    record Slice(String name, String hrn, long sliceId, String instantiation, String state, long expires) {}

    /**
     * A slice's part: {@code sliver} is its description where no node or group value applies,
     * {@code wire} that description's wire form, written once, and {@code digest} the SHA-256 of
     * its JSON; {@code dependsOn} the slice and every member, enabled or not.
     */
    record Part(Slice slice, List<SliverKey> keys, List<Tag> tags, Set<ObjectRef> dependsOn, Sliver sliver,
            Map<String, Object> wire, byte[] digest) {

        long expires() {
            return slice.expires();
        }

        /** Whether a value for one of these groups replaces or adds to the slice's own. */
        boolean hasTagsFor(Set<Long> groupIds) {
            for (Tag tag : tags) {
                if (tag.nodegroupId() != null && groupIds.contains(tag.nodegroupId())) {
                    return true;
                }
            }
            return false;
        }
    }

    private SliceParts() {}

    /**
     * Loads the parts of these slices, in a few queries per {@value #BATCH} slices, or, for
     * many, in a few queries selecting with {@code subquery} (which names them and maybe more,
     * with its {@code parameters}).
     */
    static Map<Long, Part> load(Handle handle, List<Long> sliceIds, String subquery, Map<String, Object> parameters,
            Map<String, String> initScripts, JsonCodec json) {
        Map<Long, Part> parts = new HashMap<>(sliceIds.size() * 2);
        if (sliceIds.size() > LIST_LIMIT) {
            loadBatch(handle, sql -> {
                Query query = handle.createQuery(sql.replace("<ids>", subquery));
                parameters.forEach(query::bind);
                return query;
            }, initScripts, json, parts);
            return parts;
        }
        for (int from = 0; from < sliceIds.size(); from += BATCH) {
            List<Long> ids = sliceIds.subList(from, Math.min(sliceIds.size(), from + BATCH));
            loadBatch(handle, sql -> handle.createQuery(sql).bindList("ids", ids), initScripts, json, parts);
        }
        return parts;
    }

    /** Loads parts with queries whose {@code <ids>} {@code select} replaces or binds. */
    private static void loadBatch(Handle handle, Function<String, Query> select, Map<String, String> initScripts,
            JsonCodec json, Map<Long, Part> parts) {
        Map<Long, Slice> records = new HashMap<>();
        select.apply("SELECT slice_id, name, hrn, instantiation, state, expires FROM slices WHERE slice_id IN (<ids>)")
                .map((row, context) -> new Slice(row.getString(2), row.getString(3), row.getLong(1), row.getString(4),
                        row.getString(5), row.getLong(6)))
                .forEach(record -> records.put(record.sliceId(), record));

        // Members in person_id order, each member's keys in key_id order; only enabled members' keys count.
        Map<Long, List<SliverKey>> keys = new HashMap<>();
        Map<Long, Set<ObjectRef>> dependsOn = new HashMap<>();
        select.apply("SELECT sp.slice_id, p.person_id, p.enabled, k.key_type, k.key_text FROM slice_persons sp"
                        + " JOIN persons p ON p.person_id = sp.person_id AND p.deleted = FALSE"
                        + " LEFT JOIN person_keys k ON k.person_id = p.person_id"
                        + " WHERE sp.slice_id IN (<ids>) ORDER BY sp.slice_id, p.person_id, k.key_id")
                .map((row, context) -> new Object[] {row.getLong(1), row.getLong(2), row.getBoolean(3), row.getString(4),
                        row.getString(5)})
                .forEach(row -> {
                    long sliceId = (Long) row[0];
                    dependsOn.computeIfAbsent(sliceId, slice -> new HashSet<>())
                            .add(new ObjectRef(ObjectType.PERSON, (Long) row[1]));
                    if ((Boolean) row[2] && row[3] != null) {
                        keys.computeIfAbsent(sliceId, slice -> new ArrayList<>())
                                .add(new SliverKey((String) row[3], ((String) row[4]).strip()));
                    }
                });

        Map<Long, List<Tag>> tags = new HashMap<>();
        select.apply("SELECT st.slice_id, st.nodegroup_id, y.tagname, st.value FROM slice_tags st"
                        + " JOIN tag_types y ON y.tag_type_id = st.tag_type_id"
                        + " WHERE st.slice_id IN (<ids>) AND st.node_id IS NULL ORDER BY st.slice_tag_id")
                .map((row, context) -> Map.entry(row.getLong(1),
                        new Tag((Long) ColumnKind.INTEGER.read(row, 2), row.getString(3), row.getString(4))))
                .forEach(entry -> tags.computeIfAbsent(entry.getKey(), slice -> new ArrayList<>(4)).add(entry.getValue()));

        records.forEach((sliceId, record) -> {
            List<SliverKey> sliceKeys = List.copyOf(keys.getOrDefault(sliceId, List.of()));
            List<Tag> sliceTags = List.copyOf(tags.getOrDefault(sliceId, List.of()));
            Set<ObjectRef> depends = dependsOn.getOrDefault(sliceId, new HashSet<>());
            depends.add(new ObjectRef(ObjectType.SLICE, sliceId));
            Sliver sliver = sliver(record, sliceKeys, resolve(List.of(), sliceTags, Set.of()), initScripts);
            Map<String, Object> wire = GetSliversWire.toWire(sliver);
            parts.put(sliceId, new Part(record, sliceKeys, sliceTags, Set.copyOf(depends), sliver, wire, digest(json, wire)));
        });
    }

    /**
     * The sliver's attributes, most specific first: values for the node, then for its groups,
     * then for the whole slice; a tag name set at a more specific level hides the others. Sorted
     * by name; a name's values keep the order they were added in.
     */
    static List<String[]> resolve(List<String[]> nodeTags, List<Tag> sliceTags, Set<Long> groupIds) {
        // {level, name, value}: 0 this node, 1 one of its groups, 2 the slice.
        List<Object[]> candidates = new ArrayList<>(nodeTags.size() + sliceTags.size());
        for (String[] tag : nodeTags) {
            candidates.add(new Object[] {0, tag[0], tag[1]});
        }
        for (Tag tag : sliceTags) {
            if (tag.nodegroupId() == null) {
                candidates.add(new Object[] {2, tag.name(), tag.value()});
            } else if (groupIds.contains(tag.nodegroupId())) {
                candidates.add(new Object[] {1, tag.name(), tag.value()});
            }
        }
        candidates.sort(Comparator.comparing(tag -> (String) tag[1]));
        List<String[]> resolved = new ArrayList<>(candidates.size());
        for (int start = 0; start < candidates.size(); ) {
            String name = (String) candidates.get(start)[1];
            int end = start;
            int level = 2;
            while (end < candidates.size() && candidates.get(end)[1].equals(name)) {
                level = Math.min(level, (Integer) candidates.get(end)[0]);
                end++;
            }
            for (int index = start; index < end; index++) {
                if ((Integer) candidates.get(index)[0] == level) {
                    resolved.add(new String[] {name, (String) candidates.get(index)[2]});
                }
            }
            start = end;
        }
        return resolved;
    }

    /**
     * A sliver's description: the slice's record, keys, its attributes and the RSpec they give.
     * {@code initScripts} are the enabled init scripts' texts by name.
     */
    static Sliver sliver(Slice slice, List<SliverKey> keys, List<String[]> attributes, Map<String, String> initScripts) {
        List<SliverAttribute> tagList = new ArrayList<>(attributes.size());
        Map<String, String> rspec = new HashMap<>();
        for (String[] attribute : attributes) {
            tagList.add(new SliverAttribute(attribute[0], attribute[1]));
            rspec.putIfAbsent(attribute[0], attribute[1]);
        }
        bootscript(rspec, initScripts);
        // In RSpec order, not a hash map's: the view's version must not vary between runs.
        Map<String, String> resolved = new LinkedHashMap<>(RSPEC.size() * 2);
        for (RspecAttribute attribute : RSPEC) {
            resolved.put(attribute.attributeName(), rspec.getOrDefault(attribute.attributeName(), attribute.defaultValue()));
        }
        return new Sliver(slice.name(), slice.hrn(), slice.sliceId(), slice.instantiation(), slice.state(), slice.expires(),
                keys, tagList, resolved);
    }

    /**
     * PLCAPI's slices name their start-up script with {@code initscript_code} (the script itself)
     * or {@code initscript} (an init script's name), as the original's node manager read them; the
     * node runs the RSpec's bootscript. A bootscript given as such wins, then initscript_code, then
     * the named script if it exists and is enabled; an empty initscript_code counts as none.
     */
    private static void bootscript(Map<String, String> rspec, Map<String, String> initScripts) {
        String bootscript = RspecAttribute.BOOTSCRIPT.attributeName();
        if (rspec.containsKey(bootscript)) {
            return;
        }
        String code = rspec.get(INITSCRIPT_CODE);
        String named = rspec.get(INITSCRIPT) == null ? null : initScripts.get(rspec.get(INITSCRIPT));
        if (code != null && !code.isEmpty()) {
            rspec.put(bootscript, code);
        } else if (named != null) {
            rspec.put(bootscript, named);
        }
    }

    /** SHA-256 of a value's JSON, written straight into the digest. */
    static byte[] digest(JsonCodec json, Object value) {
        MessageDigest digest = sha256();
        json.writeTo(new DigestOutputStream(OutputStream.nullOutputStream(), digest), value);
        return digest.digest();
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from the JDK", e);
        }
    }
}
