package org.planetlab.plc.slice;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.api.method.Role;
import org.planetlab.plc.auth.Caller;
import org.planetlab.plc.change.ObjectType;
import org.planetlab.plc.mutation.Mutation;
import org.planetlab.plc.mutation.MutationPath;
import org.planetlab.plc.node.NodeGroups;
import org.planetlab.plc.node.NodeRef;
import org.planetlab.plc.node.Nodes;
import org.planetlab.plc.store.Database;
import org.planetlab.plc.store.Rows;
import org.planetlab.plc.tag.TagTypeRef;
import org.planetlab.plc.tag.TagTypes;

/**
 * Slice attributes: the RSpec superset kept at the slice authority, for a whole slice, a node
 * group or one node. Who may write one is PLCAPI's rule: the caller's role must reach the tag
 * type's min_role_id, and a user must belong to the slice, a PI be at its site, a node set only
 * its own per-node values; only operators set values for node groups. RSpec attributes are
 * stored in canonical form, one per scope.
 */
public final class SliceTagService {
    private final MutationPath mutations;
    private final SliceNames names;
    private final SliceImages images;

    /** @param images the images a {@code vref} may name */
    public SliceTagService(MutationPath mutations, SliceNames names, SliceImages images) {
        this.mutations = requireNonNull(mutations, "mutations is null");
        this.names = requireNonNull(names, "names is null");
        this.images = requireNonNull(images, "images is null");
    }

    public long addSliceTag(Caller caller, NewSliceTag tag) {
        return mutations.run(caller, "AddSliceTag", List.of(tag.slice().key(), tag.type().key(), tag.value()),
                mutation -> addSliceTag(mutation, tag));
    }

    /** Adds an attribute; a node adding one without naming a node sets it for itself. */
    public long addSliceTag(Mutation mutation, NewSliceTag tag) {
        Slices.SliceRecord slice = Slices.require(mutation.db(), names, tag.slice().key());
        TagTypes.TagTypeRecord type = TagTypes.require(mutation.db(), tag.type().key());
        Optional<Nodes.NodeRecord> node = tag.node().map(ref -> Nodes.require(mutation.db(), ref.key()));
        Optional<Long> group = tag.group().map(ref -> NodeGroups.requireId(mutation.db(), ref));
        Caller caller = mutation.caller();
        if (node.isEmpty() && caller.isNode()) {
            node = Optional.of(Nodes.require(mutation.db(), caller.nodeId().orElseThrow()));
        }
        return add(mutation, "AddSliceTag", slice, type, tag.value(), node, group);
    }

    public void updateSliceTag(Caller caller, long sliceTagId, String value) {
        mutations.run(caller, "UpdateSliceTag", List.of(sliceTagId, value), mutation -> {
            updateSliceTag(mutation, sliceTagId, value);
            return null;
        });
    }

    public void updateSliceTag(Mutation mutation, long sliceTagId, String rawValue) {
        StoredTag tag = stored(mutation.db(), sliceTagId);
        authorize(mutation, "UpdateSliceTag", tag.slice(), tag.type(), tag.node(), tag.group());
        String value = tag.type().canonicalValue(rawValue);
        images.check(tag.slice(), tag.type(), value);
        PortReservations.check(mutation.db(), tag.slice(), tag.type(), value, tag.node(), tag.group());
        Rows.update(mutation.db(), "slice_tags", "slice_tag_id", tag.id(), Map.of("value", value));
        touched(mutation, tag.id(), tag.slice(), tag.node());
        mutation.message("slice %s: %s = %s".formatted(tag.slice().name(), tag.type().tagname(), abbreviate(value)));
    }

    public void deleteSliceTag(Caller caller, long sliceTagId) {
        mutations.run(caller, "DeleteSliceTag", List.of(sliceTagId), mutation -> {
            deleteSliceTag(mutation, sliceTagId);
            return null;
        });
    }

    public void deleteSliceTag(Mutation mutation, long sliceTagId) {
        StoredTag tag = stored(mutation.db(), sliceTagId);
        authorize(mutation, "DeleteSliceTag", tag.slice(), tag.type(), tag.node(), tag.group());
        // Before the row goes: whether it made the slice a system slice is read from it.
        touched(mutation, tag.id(), tag.slice(), tag.node());
        Rows.execute(mutation.db(), "DELETE FROM slice_tags WHERE slice_tag_id = :id", Map.of("id", tag.id()));
    }

    /**
     * The seed's SetSliceAttr: sets the value for the slice or one node, replacing the one in the
     * same scope if there is one; returns the attribute's slice_tag_id.
     */
    public long setSliceAttribute(Mutation mutation, SliceRef sliceRef, TagTypeRef typeRef, String rawValue,
            Optional<NodeRef> nodeRef) {
        Slices.SliceRecord slice = Slices.require(mutation.db(), names, sliceRef.key());
        TagTypes.TagTypeRecord type = TagTypes.require(mutation.db(), typeRef.key());
        Optional<Nodes.NodeRecord> node = nodeRef.map(ref -> Nodes.require(mutation.db(), ref.key()));
        Optional<Long> existing = existing(mutation.db(), slice, type, node, Optional.empty());
        if (existing.isEmpty()) {
            return add(mutation, "SetSliceAttr", slice, type, rawValue, node, Optional.empty());
        }
        authorize(mutation, "SetSliceAttr", slice, type, node, Optional.empty());
        String value = type.canonicalValue(rawValue);
        images.check(slice, type, value);
        PortReservations.check(mutation.db(), slice, type, value, node, Optional.empty());
        Rows.update(mutation.db(), "slice_tags", "slice_tag_id", existing.get(), Map.of("value", value));
        touched(mutation, existing.get(), slice, node);
        mutation.message("slice %s: %s = %s".formatted(slice.name(), type.tagname(), abbreviate(value)));
        return existing.get();
    }

    /** The attributes set for the whole slice, by name. */
    public List<SliceAttribute> sliceAttributes(Handle handle, long sliceId) {
        return handle.createQuery("SELECT st.slice_tag_id, tt.tagname, st.value FROM slice_tags st"
                        + " JOIN tag_types tt ON tt.tag_type_id = st.tag_type_id WHERE st.slice_id = :slice"
                        + " AND st.node_id IS NULL AND st.nodegroup_id IS NULL ORDER BY tt.tagname, st.slice_tag_id")
                .bind("slice", sliceId)
                .map((row, context) -> new SliceAttribute(row.getLong(1), row.getString(2), row.getString(3),
                        Optional.empty())).list();
    }

    /** The attributes set for single nodes of the slice, by node name, then attribute name. */
    public List<SliceAttribute> nodeAttributes(Handle handle, long sliceId) {
        return handle.createQuery("SELECT st.slice_tag_id, tt.tagname, st.value, n.hostname FROM slice_tags st"
                        + " JOIN tag_types tt ON tt.tag_type_id = st.tag_type_id JOIN nodes n ON n.node_id = st.node_id"
                        + " AND n.deleted = FALSE"
                        + " WHERE st.slice_id = :slice AND st.nodegroup_id IS NULL ORDER BY n.hostname, tt.tagname,"
                        + " st.slice_tag_id")
                .bind("slice", sliceId).map((row, context) -> new SliceAttribute(row.getLong(1), row.getString(2),
                        row.getString(3), Optional.of(row.getString(4)))).list();
    }

    /**
     * The slice attributes (tag types of a slice category) the caller's roles may set, by name:
     * every one for operators, else those whose min_role_id the caller's best role reaches.
     */
    public List<String> settableAttributes(Handle handle, Caller caller) {
        return handle.createQuery("SELECT tagname, min_role_id FROM tag_types WHERE category LIKE 'slice%' ORDER BY tagname")
                .map((row, context) -> Map.entry(row.getString(1), row.getLong(2))).stream()
                .filter(type -> caller.isOperator() || caller.bestRoleId() <= type.getValue())
                .map(Map.Entry::getKey).toList();
    }

    private long add(Mutation mutation, String action, Slices.SliceRecord slice, TagTypes.TagTypeRecord type,
            String rawValue, Optional<Nodes.NodeRecord> node, Optional<Long> group) {
        if (node.isPresent() && group.isPresent()) {
            throw PlanetLabException.invalidArgument("give a node or a node group, not both");
        }
        authorize(mutation, action, slice, type, node, group);
        String value = type.canonicalValue(rawValue);
        images.check(slice, type, value);
        PortReservations.check(mutation.db(), slice, type, value, node, group);
        Optional<Long> existing = existing(mutation.db(), slice, type, node, group);
        if (existing.isPresent()
                && (type.attribute().isPresent() || existingValue(mutation.db(), existing.get()).equals(value))) {
            throw PlanetLabException.alreadyExists("slice %s already has %s set%s; change it with UpdateSliceTag %d"
                    .formatted(slice.name(), type.tagname(), node.map(n -> " on node " + n.hostname()).orElse(""),
                            existing.get()));
        }
        long id = Database.nextId(mutation.db(), "slice_tags");
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("slice_tag_id", id);
        row.put("slice_id", slice.sliceId());
        row.put("tag_type_id", type.tagTypeId());
        row.put("value", value);
        row.put("node_id", node.map(Nodes.NodeRecord::nodeId).orElse(null));
        row.put("nodegroup_id", group.orElse(null));
        Rows.insert(mutation.db(), "slice_tags", row);
        touched(mutation, id, slice, node);
        mutation.message("slice %s: %s = %s".formatted(slice.name(), type.tagname(), abbreviate(value)));
        return id;
    }

    private static void authorize(Mutation mutation, String action, Slices.SliceRecord slice,
            TagTypes.TagTypeRecord type, Optional<Nodes.NodeRecord> node, Optional<Long> group) {
        Caller caller = mutation.caller();
        if (caller.isOperator()) {
            return;
        }
        TagTypes.requireRole(caller, type, action);
        if (group.isPresent()) {
            throw PlanetLabException.permissionDenied(action + ": only operators may set attributes for node groups");
        }
        if (node.isPresent() && !onSlice(mutation.db(), slice, node.get().nodeId())) {
            throw PlanetLabException.permissionDenied("%s: slice %s is not on node %s".formatted(
                    action, slice.name(), node.get().hostname()));
        }
        if (caller.isNode()) {
            if (node.isEmpty() || node.get().nodeId() != caller.nodeId().orElseThrow()) {
                throw PlanetLabException.permissionDenied(action + ": a node may set only its own per-node values");
            }
            return;
        }
        boolean member = caller.has(Role.USER)
                && Slices.isMember(mutation.db(), slice.sliceId(), caller.personId().orElseThrow());
        boolean sitePi = caller.has(Role.PI) && caller.isAtSite(slice.siteId());
        if (!member && !sitePi) {
            throw PlanetLabException.permissionDenied("%s: %s is neither a user of slice %s nor a PI of its site"
                    .formatted(action, caller.describe(), slice.name()));
        }
    }

    private static boolean onSlice(Handle handle, Slices.SliceRecord slice, long nodeId) {
        return handle.createQuery("SELECT COUNT(*) FROM slice_nodes WHERE slice_id = :slice AND node_id = :node")
                .bind("slice", slice.sliceId()).bind("node", nodeId).mapTo(Long.class).one() > 0;
    }

    private static Optional<Long> existing(Handle handle, Slices.SliceRecord slice, TagTypes.TagTypeRecord type,
            Optional<Nodes.NodeRecord> node, Optional<Long> group) {
        String scope = node.isPresent() ? "node_id = :node" : "node_id IS NULL";
        scope += group.isPresent() ? " AND nodegroup_id = :group" : " AND nodegroup_id IS NULL";
        var query = handle.createQuery("SELECT slice_tag_id FROM slice_tags WHERE slice_id = :slice AND tag_type_id ="
                        + " :type AND " + scope + " ORDER BY slice_tag_id")
                .bind("slice", slice.sliceId()).bind("type", type.tagTypeId());
        node.ifPresent(value -> query.bind("node", value.nodeId()));
        group.ifPresent(value -> query.bind("group", value));
        return query.mapTo(Long.class).findFirst();
    }

    private static String existingValue(Handle handle, long sliceTagId) {
        return handle.createQuery("SELECT value FROM slice_tags WHERE slice_tag_id = :id").bind("id", sliceTagId)
                .mapTo(String.class).one();
    }

    private record StoredTag(long id, Slices.SliceRecord slice, TagTypes.TagTypeRecord type,
            Optional<Nodes.NodeRecord> node, Optional<Long> group) {}

    private StoredTag stored(Handle handle, long id) {
        Map<String, Object> row = handle.createQuery("SELECT t.slice_id, t.tag_type_id, t.node_id, t.nodegroup_id"
                        + " FROM slice_tags t JOIN slices s ON s.slice_id = t.slice_id AND s.is_deleted = FALSE"
                        + " WHERE t.slice_tag_id = :id")
                .bind("id", id).mapToMap().findOne()
                .orElseThrow(() -> PlanetLabException.notFound("no attribute of a live slice with slice_tag_id " + id));
        Slices.SliceRecord slice = Slices.require(handle, names, ((Number) row.get("slice_id")).longValue());
        TagTypes.TagTypeRecord type = TagTypes.require(handle, ((Number) row.get("tag_type_id")).longValue());
        Optional<Nodes.NodeRecord> node = Optional.ofNullable((Number) row.get("node_id"))
                .map(nodeId -> Nodes.require(handle, nodeId.longValue()));
        Optional<Long> group = Optional.ofNullable((Number) row.get("nodegroup_id")).map(Number::longValue);
        return new StoredTag(id, slice, type, node, group);
    }

    private static void touched(Mutation mutation, long sliceTagId, Slices.SliceRecord slice,
            Optional<Nodes.NodeRecord> node) {
        mutation.affected(ObjectType.SLICE_TAG, sliceTagId);
        if (systemTag(mutation.db(), sliceTagId)) {
            // A system slice runs on every node, so every node's view may change.
            mutation.changes().affectsEveryNode();
        }
        mutation.affected(ObjectType.SLICE, slice.sliceId());
        node.ifPresent(value -> mutation.affected(ObjectType.NODE, value.nodeId()));
    }

    private static boolean systemTag(Handle handle, long sliceTagId) {
        return handle.createQuery("SELECT COUNT(*) FROM slice_tags t JOIN tag_types y ON y.tag_type_id = t.tag_type_id"
                        + " WHERE t.slice_tag_id = :id AND y.tagname = 'system'")
                .bind("id", sliceTagId).mapTo(Long.class).one() > 0;
    }

    private static String abbreviate(String value) {
        return value.length() <= 60 ? value : value.substring(0, 60) + "...";
    }
}
