package org.planetlab.plc.slice;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.api.method.Role;
import org.planetlab.api.schema.Filter;
import org.planetlab.plc.api.Call;
import org.planetlab.plc.api.MethodRegistry;
import org.planetlab.plc.change.ObjectType;
import org.planetlab.plc.auth.Caller;
import org.planetlab.plc.node.NodeGroupMethods;
import org.planetlab.plc.node.Nodes;
import org.planetlab.plc.store.Database;
import org.planetlab.plc.store.QueryEngine;
import org.planetlab.plc.store.Rows;
import org.planetlab.plc.tag.TagTypes;

/**
 * Slice attributes: the RSpec superset kept at the slice authority, for a whole slice, a node
 * group or one node. Who may write one is PLCAPI's rule: the caller's role must reach the tag
 * type's min_role_id, and a user must belong to the slice, a PI be at its site, a node set only
 * its own per-node values.
 */
public final class SliceTagMethods {
    private final SliceNames names;

    public SliceTagMethods(SliceNames names) {
        this.names = requireNonNull(names, "names is null");
    }

    public void register(MethodRegistry registry) {
        registry.bind("AddSliceTag", this::addSliceTag)
                .bind("GetSliceTags", call -> QueryEngine.get(call.db(), SliceTables.SLICE_TAGS,
                        (Filter) call.optionalArg(0).orElse(Filter.ALL), call.returnFields(1), QueryEngine.Access.EVERYONE))
                .bind("UpdateSliceTag", this::updateSliceTag)
                .bind("DeleteSliceTag", this::deleteSliceTag)
                .bind("SetSliceAttr", this::setSliceAttr);
    }

    private Object addSliceTag(Call call) {
        Slices.SliceRecord slice = Slices.require(call.db(), names, call.arg(0));
        TagTypes.TagTypeRecord type = TagTypes.require(call.db(), call.arg(1));
        Optional<Nodes.NodeRecord> node = call.optionalArg(3).map(ref -> Nodes.require(call.db(), ref));
        Optional<Long> group = call.optionalArg(4).map(ref -> NodeGroupMethods.groupId(call, ref));
        if (node.isEmpty() && call.caller().isNode()) {
            node = Optional.of(Nodes.require(call.db(), call.caller().nodeId().orElseThrow()));
        }
        return add(call, slice, type, call.stringArg(2), node, group);
    }

    private long add(Call call, Slices.SliceRecord slice, TagTypes.TagTypeRecord type, String rawValue,
            Optional<Nodes.NodeRecord> node, Optional<Long> group) {
        if (node.isPresent() && group.isPresent()) {
            throw PlanetLabException.invalidArgument("give a node or a node group, not both");
        }
        authorize(call, slice, type, node, group);
        String value = type.canonicalValue(rawValue);
        Optional<Long> existing = existing(call, slice, type, node, group);
        if (existing.isPresent() && (type.attribute().isPresent() || existingValue(call, existing.get()).equals(value))) {
            throw PlanetLabException.alreadyExists("slice %s already has %s set%s; change it with UpdateSliceTag %d"
                    .formatted(slice.name(), type.tagname(), node.map(n -> " on node " + n.hostname()).orElse(""),
                            existing.get()));
        }
        long id = Database.nextId(call.db(), "slice_tags");
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("slice_tag_id", id);
        row.put("slice_id", slice.sliceId());
        row.put("tag_type_id", type.tagTypeId());
        row.put("value", value);
        row.put("node_id", node.map(Nodes.NodeRecord::nodeId).orElse(null));
        row.put("nodegroup_id", group.orElse(null));
        Rows.insert(call.db(), "slice_tags", row);
        touched(call, id, slice, node);
        call.message("slice %s: %s = %s".formatted(slice.name(), type.tagname(), abbreviate(value)));
        return id;
    }

    private Object updateSliceTag(Call call) {
        StoredTag tag = stored(call, call.longArg(0));
        authorize(call, tag.slice(), tag.type(), tag.node(), tag.group());
        String value = tag.type().canonicalValue(call.stringArg(1));
        Rows.update(call.db(), "slice_tags", "slice_tag_id", tag.id(), Map.of("value", value));
        touched(call, tag.id(), tag.slice(), tag.node());
        call.message("slice %s: %s = %s".formatted(tag.slice().name(), tag.type().tagname(), abbreviate(value)));
        return 1L;
    }

    private Object deleteSliceTag(Call call) {
        StoredTag tag = stored(call, call.longArg(0));
        authorize(call, tag.slice(), tag.type(), tag.node(), tag.group());
        Rows.execute(call.db(), "DELETE FROM slice_tags WHERE slice_tag_id = :id", Map.of("id", tag.id()));
        touched(call, tag.id(), tag.slice(), tag.node());
        return 1L;
    }

    /** The seed's SetSliceAttr: sets the value, replacing the one in the same scope if there is one. */
    private Object setSliceAttr(Call call) {
        Slices.SliceRecord slice = Slices.require(call.db(), names, call.arg(0));
        Map<String, Object> attribute = call.structArg(1);
        TagTypes.TagTypeRecord type = TagTypes.require(call.db(), attribute.get("name"));
        Optional<Nodes.NodeRecord> node = Optional.ofNullable(attribute.get("node")).map(ref -> Nodes.require(call.db(), ref));
        Optional<Long> existing = existing(call, slice, type, node, Optional.empty());
        if (existing.isEmpty()) {
            return add(call, slice, type, (String) attribute.get("value"), node, Optional.empty());
        }
        authorize(call, slice, type, node, Optional.empty());
        String value = type.canonicalValue((String) attribute.get("value"));
        Rows.update(call.db(), "slice_tags", "slice_tag_id", existing.get(), Map.of("value", value));
        touched(call, existing.get(), slice, node);
        call.message("slice %s: %s = %s".formatted(slice.name(), type.tagname(), abbreviate(value)));
        return existing.get();
    }

    private void authorize(Call call, Slices.SliceRecord slice, TagTypes.TagTypeRecord type,
            Optional<Nodes.NodeRecord> node, Optional<Long> group) {
        Caller caller = call.caller();
        String action = call.spec().name();
        if (caller.isOperator()) {
            return;
        }
        TagTypes.requireRole(caller, type, action);
        if (group.isPresent()) {
            throw PlanetLabException.permissionDenied(action + ": only operators may set attributes for node groups");
        }
        if (node.isPresent() && !onSlice(call, slice, node.get().nodeId())) {
            throw PlanetLabException.permissionDenied("%s: slice %s is not on node %s".formatted(
                    action, slice.name(), node.get().hostname()));
        }
        if (caller.isNode()) {
            if (node.isEmpty() || node.get().nodeId() != caller.nodeId().orElseThrow()) {
                throw PlanetLabException.permissionDenied(action + ": a node may set only its own per-node values");
            }
            return;
        }
        boolean member = caller.has(Role.USER) && Slices.isMember(call.db(), slice.sliceId(), caller.personId().orElseThrow());
        boolean sitePi = caller.has(Role.PI) && caller.isAtSite(slice.siteId());
        if (!member && !sitePi) {
            throw PlanetLabException.permissionDenied("%s: %s is neither a user of slice %s nor a PI of its site"
                    .formatted(action, caller.describe(), slice.name()));
        }
    }

    private static boolean onSlice(Call call, Slices.SliceRecord slice, long nodeId) {
        return call.db().createQuery("SELECT COUNT(*) FROM slice_nodes WHERE slice_id = :slice AND node_id = :node")
                .bind("slice", slice.sliceId()).bind("node", nodeId).mapTo(Long.class).one() > 0;
    }

    private static Optional<Long> existing(Call call, Slices.SliceRecord slice, TagTypes.TagTypeRecord type,
            Optional<Nodes.NodeRecord> node, Optional<Long> group) {
        String scope = node.isPresent() ? "node_id = :node" : "node_id IS NULL";
        scope += group.isPresent() ? " AND nodegroup_id = :group" : " AND nodegroup_id IS NULL";
        var query = call.db().createQuery("SELECT slice_tag_id FROM slice_tags WHERE slice_id = :slice AND tag_type_id ="
                        + " :type AND " + scope + " ORDER BY slice_tag_id")
                .bind("slice", slice.sliceId()).bind("type", type.tagTypeId());
        node.ifPresent(value -> query.bind("node", value.nodeId()));
        group.ifPresent(value -> query.bind("group", value));
        return query.mapTo(Long.class).findFirst();
    }

    private static String existingValue(Call call, long sliceTagId) {
        return call.db().createQuery("SELECT value FROM slice_tags WHERE slice_tag_id = :id").bind("id", sliceTagId)
                .mapTo(String.class).one();
    }

    private record StoredTag(long id, Slices.SliceRecord slice, TagTypes.TagTypeRecord type,
            Optional<Nodes.NodeRecord> node, Optional<Long> group) {}

    private StoredTag stored(Call call, long id) {
        Map<String, Object> row = call.db().createQuery("SELECT t.slice_id, t.tag_type_id, t.node_id, t.nodegroup_id"
                        + " FROM slice_tags t JOIN slices s ON s.slice_id = t.slice_id AND s.is_deleted = FALSE"
                        + " WHERE t.slice_tag_id = :id")
                .bind("id", id).mapToMap().findOne()
                .orElseThrow(() -> PlanetLabException.notFound("no attribute of a live slice with slice_tag_id " + id));
        Slices.SliceRecord slice = Slices.require(call.db(), names, ((Number) row.get("slice_id")).longValue());
        TagTypes.TagTypeRecord type = TagTypes.require(call.db(), ((Number) row.get("tag_type_id")).longValue());
        Optional<Nodes.NodeRecord> node = Optional.ofNullable((Number) row.get("node_id"))
                .map(nodeId -> Nodes.require(call.db(), nodeId.longValue()));
        Optional<Long> group = Optional.ofNullable((Number) row.get("nodegroup_id")).map(Number::longValue);
        return new StoredTag(id, slice, type, node, group);
    }

    private static void touched(Call call, long sliceTagId, Slices.SliceRecord slice, Optional<Nodes.NodeRecord> node) {
        call.affected(ObjectType.SLICE_TAG, sliceTagId);
        if (systemTag(call, sliceTagId)) {
            // A system slice runs on every node, so every node's view may change.
            call.changes().affectsEveryNode();
        }
        call.affected(ObjectType.SLICE, slice.sliceId());
        node.ifPresent(value -> call.affected(ObjectType.NODE, value.nodeId()));
    }

    private static boolean systemTag(Call call, long sliceTagId) {
        return call.db().createQuery("SELECT COUNT(*) FROM slice_tags t JOIN tag_types y ON y.tag_type_id = t.tag_type_id"
                        + " WHERE t.slice_tag_id = :id AND y.tagname = 'system'")
                .bind("id", sliceTagId).mapTo(Long.class).one() > 0;
    }

    private static String abbreviate(String value) {
        return value.length() <= 60 ? value : value.substring(0, 60) + "...";
    }
}
