package org.planetlab.plc.tagging;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import java.util.OptionalLong;
import org.jdbi.v3.core.Handle;
import org.planetlab.plc.tag.NewTagType;
import org.planetlab.plc.tag.TagTypeService;
import org.planetlab.plc.tag.TagTypeRef;
import org.planetlab.plc.tag.TagTypes;
import org.planetlab.api.tagging.AccessorApi;
import org.planetlab.api.tagging.AccessorApi.Accessor;
import org.planetlab.api.tagging.ObjectTagApi.Kind;
import org.planetlab.plc.api.MethodRegistry;
import org.planetlab.plc.mutation.Mutation;
import org.planetlab.plc.node.NodeGroupService;
import org.planetlab.plc.node.NodeRef;
import org.planetlab.plc.node.Nodes;
import org.planetlab.plc.slice.SliceNames;
import org.planetlab.plc.slice.SliceRef;
import org.planetlab.plc.slice.SliceTagService;
import org.planetlab.plc.slice.Slices;

/**
 * PLCAPI's accessors, {@code Get<Object><Name>} and {@code Set<Object><Name>}: each reads or
 * writes one tag of one object through the service that owns such tags (slice attributes for
 * the whole slice, node tags, person, site and interface tags), so the same rules apply as for
 * the tag methods. A Set creates the accessor's tag type the first time it is used.
 */
public final class AccessorMethods {
    private final SliceNames names;
    private final SliceTagService sliceTags;
    private final NodeGroupService nodeTags;
    private final ObjectTagService objectTags;
    private final TagTypeService tagTypes;

    public AccessorMethods(SliceNames names, SliceTagService sliceTags, NodeGroupService nodeTags,
            ObjectTagService objectTags, TagTypeService tagTypes) {
        this.names = requireNonNull(names, "names is null");
        this.sliceTags = requireNonNull(sliceTags, "sliceTags is null");
        this.nodeTags = requireNonNull(nodeTags, "nodeTags is null");
        this.objectTags = requireNonNull(objectTags, "objectTags is null");
        this.tagTypes = requireNonNull(tagTypes, "tagTypes is null");
    }

    public void register(MethodRegistry registry) {
        for (Accessor accessor : AccessorApi.ACCESSORS) {
            registry.bind(accessor.getter(), call -> get(call.db(), accessor, call.arg(0)).orElse(null))
                    .bind(accessor.setter(), call -> {
                        Optional<String> value = Optional.ofNullable(call.stringArg(1));
                        set(call.mutation(), accessor, call.arg(0), value);
                        return value.orElse(null);
                    });
        }
    }

    /** The object's value; empty when it has none, and also when the object does not exist, as in PLCAPI. */
    private Optional<String> get(Handle handle, Accessor accessor, Object key) {
        Optional<Long> type = handle.createQuery("SELECT tag_type_id FROM tag_types WHERE tagname = :name")
                .bind("name", accessor.tagname()).mapTo(Long.class).findOne();
        if (type.isEmpty()) {
            return Optional.empty();
        }
        return switch (accessor.target()) {
            case SLICE -> Slices.find(handle, key instanceof String name ? names.plcapiName(name) : key).flatMap(slice -> handle.createQuery("SELECT value FROM slice_tags"
                            + " WHERE slice_id = :slice AND tag_type_id = :type AND node_id IS NULL"
                            + " AND nodegroup_id IS NULL")
                    .bind("slice", slice.sliceId()).bind("type", type.get()).mapTo(String.class).findFirst());
            case NODE -> Nodes.find(handle, key).flatMap(node -> handle.createQuery("SELECT value FROM node_tags"
                            + " WHERE node_id = :node AND tag_type_id = :type")
                    .bind("node", node.nodeId()).bind("type", type.get()).mapTo(String.class).findFirst());
            case PERSON -> ObjectTagService.value(handle, Kind.PERSON, key, type.get());
            case SITE -> ObjectTagService.value(handle, Kind.SITE, key, type.get());
            case INTERFACE -> ObjectTagService.value(handle, Kind.INTERFACE, key, type.get());
        };
    }

    private void set(Mutation mutation, Accessor accessor, Object key, Optional<String> value) {
        TagTypes.TagTypeRecord type = tagType(mutation, accessor);
        String action = accessor.setter();
        switch (accessor.target()) {
            case SLICE -> setSliceTag(mutation, key, type, value, action);
            case NODE -> setNodeTag(mutation, key, type, value, action);
            case PERSON -> objectTags.setTag(mutation, Kind.PERSON, key, type, value, action);
            case SITE -> objectTags.setTag(mutation, Kind.SITE, key, type, value, action);
            case INTERFACE -> objectTags.setTag(mutation, Kind.INTERFACE, key, type, value, action);
        }
    }

    private void setSliceTag(Mutation mutation, Object key, TagTypes.TagTypeRecord type, Optional<String> value,
            String action) {
        SliceRef ref = key instanceof Long id ? SliceRef.of(id) : SliceRef.of((String) key);
        if (value.isPresent()) {
            sliceTags.setSliceAttribute(mutation, ref, TagTypeRef.of(type.tagTypeId()), value.get(), Optional.empty());
            return;
        }
        Slices.SliceRecord slice = Slices.require(mutation.db(), names, key);
        Optional<Long> existing = mutation.db().createQuery("SELECT slice_tag_id FROM slice_tags WHERE slice_id ="
                        + " :slice AND tag_type_id = :type AND node_id IS NULL AND nodegroup_id IS NULL")
                .bind("slice", slice.sliceId()).bind("type", type.tagTypeId()).mapTo(Long.class).findFirst();
        if (existing.isPresent()) {
            sliceTags.deleteSliceTag(mutation, existing.get());
        } else {
            Slices.requireManager(mutation.db(), mutation.caller(), slice, action);
            TagTypes.requireRole(mutation.caller(), type, action);
        }
    }

    private void setNodeTag(Mutation mutation, Object key, TagTypes.TagTypeRecord type, Optional<String> value,
            String action) {
        Nodes.NodeRecord node = Nodes.require(mutation.db(), key);
        Optional<Long> existing = mutation.db().createQuery("SELECT node_tag_id FROM node_tags WHERE node_id = :node"
                        + " AND tag_type_id = :type")
                .bind("node", node.nodeId()).bind("type", type.tagTypeId()).mapTo(Long.class).findFirst();
        if (existing.isPresent() && value.isPresent()) {
            nodeTags.updateNodeTag(mutation, existing.get(), value.get());
        } else if (existing.isPresent()) {
            nodeTags.deleteNodeTag(mutation, existing.get());
        } else if (value.isPresent()) {
            nodeTags.addNodeTag(mutation, NodeRef.of(node.nodeId()), TagTypeRef.of(type.tagTypeId()), value.get());
        } else {
            Nodes.requireManager(mutation.caller(), node, action);
            TagTypes.requireRole(mutation.caller(), type, action);
        }
    }

    /** The accessor's tag type, created with the original's category and description if it does not exist. */
    private TagTypes.TagTypeRecord tagType(Mutation mutation, Accessor accessor) {
        boolean exists = mutation.db().createQuery("SELECT COUNT(*) FROM tag_types WHERE tagname = :name")
                .bind("name", accessor.tagname()).mapTo(Long.class).one() > 0;
        if (!exists) {
            tagTypes.addTagType(mutation, new NewTagType(accessor.tagname(), Optional.of(accessor.description()),
                    Optional.of(accessor.category()), OptionalLong.of(accessor.minRoleId())));
        }
        return TagTypes.require(mutation.db(), accessor.tagname());
    }
}
