package org.planetlab.plc.peer;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.api.method.Role;
import org.planetlab.plc.change.ObjectType;
import org.planetlab.plc.mutation.Mutation;
import org.planetlab.plc.store.Database;
import org.planetlab.plc.store.Rows;
import org.planetlab.plc.tag.TagTypes;

/**
 * Sets the slice-wide attributes of a peer's slices here as the peer lists them, so that its
 * slivers on our nodes run as they do on its own (their bootscript, their packages). Only
 * attributes a slice's users may set under our tag types are taken, and of those not the ones
 * that claim something of our nodes or name something of ours: ports and HTTP names (reserved
 * per node under our rules) and the image. A peer's slice's slice-wide user attributes are the
 * peer's; what only our operators may set on it (resources) and its per-node values are ours and
 * left alone. A value our rules refuse, or a tag type we do not have, is skipped and reported.
 */
final class PeerSliceTags {
    /** User attributes that claim a node's ports or names, or name one of our images: never a peer's to set. */
    private static final Set<String> NOT_PULLED = Set.of("tcp_ports", "udp_ports", "codemux", "vref");

    private final Mutation mutation;
    private final List<String> skipped;

    PeerSliceTags(Mutation mutation, List<String> skipped) {
        this.mutation = requireNonNull(mutation, "mutation is null");
        this.skipped = requireNonNull(skipped, "skipped is null");
    }

    /**
     * @param sliceIds the peer's slice ids to ours, for the slices stored
     * @return how many attributes were added, changed and deleted
     */
    int[] apply(List<Map<String, Object>> tags, Map<Long, Long> sliceIds) {
        Map<Long, Map<Long, String>> wanted = new LinkedHashMap<>();
        sliceIds.values().forEach(sliceId -> wanted.put(sliceId, new LinkedHashMap<>()));
        for (Map<String, Object> tag : tags) {
            Long sliceId = sliceIds.get((Long) tag.get("slice_id"));
            if (sliceId != null) {
                pullable(tag).ifPresent(type -> wanted.get(sliceId).put(type.tagTypeId(),
                        type.canonicalValue((String) tag.get("value"))));
            }
        }
        int[] counts = new int[3];
        wanted.forEach((sliceId, values) -> set(sliceId, values, counts));
        return counts;
    }

    /** The tag type here for one of the peer's attributes, if it is pulled. */
    private Optional<TagTypes.TagTypeRecord> pullable(Map<String, Object> tag) {
        String tagname = (String) tag.get("tagname");
        String where = "SliceTags: the peer's slice_tag_id " + tag.get("slice_tag_id") + " (" + tagname + ")";
        if (NOT_PULLED.contains(tagname)) {
            return Optional.empty();
        }
        Optional<TagTypes.TagTypeRecord> type = mutation.db().createQuery("SELECT tag_type_id, tagname, min_role_id"
                        + " FROM tag_types WHERE tagname = :name").bind("name", tagname)
                .map((row, context) -> new TagTypes.TagTypeRecord(row.getLong(1), row.getString(2), row.getLong(3)))
                .findOne();
        if (type.isEmpty() || type.get().minRoleId() < Role.USER.roleId()) {
            skipped.add(where + " is skipped: " + (type.isEmpty() ? "there is no such tag type here"
                    : "here only roles up to min_role_id " + type.get().minRoleId() + " set it"));
            return Optional.empty();
        }
        try {
            type.get().canonicalValue((String) tag.get("value"));
        } catch (PlanetLabException e) {
            skipped.add(where + " is skipped: " + e.getMessage());
            return Optional.empty();
        }
        return type;
    }

    /** Makes the slice's pulled attributes (slice-wide, user-settable, of pulled types) equal {@code values}. */
    private void set(long sliceId, Map<Long, String> values, int[] counts) {
        Map<Long, Long> presentIds = new LinkedHashMap<>();
        Map<Long, String> presentValues = new LinkedHashMap<>();
        mutation.db().createQuery("SELECT st.slice_tag_id, st.tag_type_id, st.value FROM slice_tags st JOIN tag_types y"
                        + " ON y.tag_type_id = st.tag_type_id WHERE st.slice_id = :slice AND st.node_id IS NULL"
                        + " AND st.nodegroup_id IS NULL AND y.min_role_id >= :user ORDER BY st.slice_tag_id")
                .bind("slice", sliceId).bind("user", Role.USER.roleId())
                .map((row, context) -> new Object[] {row.getLong(1), row.getLong(2), row.getString(3)})
                .forEach(row -> {
                    presentIds.put((Long) row[1], (Long) row[0]);
                    presentValues.put((Long) row[1], (String) row[2]);
                });
        int changes = counts[0] + counts[1] + counts[2];
        for (Map.Entry<Long, Long> present : presentIds.entrySet()) {
            if (!values.containsKey(present.getKey()) && !notPulled(present.getKey())) {
                Rows.execute(mutation.db(), "DELETE FROM slice_tags WHERE slice_tag_id = :id", Map.of("id", present.getValue()));
                counts[2]++;
            }
        }
        values.forEach((typeId, value) -> {
            if (!presentIds.containsKey(typeId)) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("slice_tag_id", Database.nextId(mutation.db(), "slice_tags"));
                row.put("slice_id", sliceId);
                row.put("tag_type_id", typeId);
                row.put("value", value);
                row.put("node_id", null);
                row.put("nodegroup_id", null);
                Rows.insert(mutation.db(), "slice_tags", row);
                counts[0]++;
            } else if (!presentValues.get(typeId).equals(value)) {
                Rows.update(mutation.db(), "slice_tags", "slice_tag_id", presentIds.get(typeId), Map.of("value", value));
                counts[1]++;
            }
        });
        if (counts[0] + counts[1] + counts[2] != changes) {
            mutation.affected(ObjectType.SLICE, sliceId);
        }
    }

    private boolean notPulled(long typeId) {
        String tagname = mutation.db().createQuery("SELECT tagname FROM tag_types WHERE tag_type_id = :id")
                .bind("id", typeId).mapTo(String.class).one();
        return NOT_PULLED.contains(tagname);
    }
}
