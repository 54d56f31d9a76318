package org.planetlab.plc.tag;

import static org.planetlab.plc.store.ColumnKind.INTEGER;
import static org.planetlab.plc.store.ColumnKind.TEXT;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.jdbi.v3.core.Handle;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.api.rspec.RspecAttribute;
import org.planetlab.api.schema.Filter;
import org.planetlab.api.tag.TagTypeApi;
import org.planetlab.plc.api.Call;
import org.planetlab.plc.api.MethodRegistry;
import org.planetlab.plc.change.ObjectType;
import org.planetlab.plc.store.ColumnKind;
import org.planetlab.plc.store.Database;
import org.planetlab.plc.store.JoinList;
import org.planetlab.plc.store.ObjectTable;
import org.planetlab.plc.store.QueryEngine;
import org.planetlab.plc.store.Rows;

/**
 * Tag types, with the RSpec attributes always present: they are created at start-up and can be
 * re-described but not renamed or deleted.
 */
public final class TagTypeMethods {
    public static final ObjectTable TAG_TYPES = ObjectTable.builder(TagTypeApi.TAG_TYPE, "tag_types", "tag_type_id")
            .name("t.tagname", UnaryOperator.identity())
            .plain(INTEGER, "tag_type_id", "min_role_id")
            .plain(TEXT, "tagname", "description", "category")
            .join(new JoinList("role_ids", "tag_types j JOIN roles r ON r.role_id <= j.min_role_id", "j.tag_type_id",
                    "r.role_id", "r.role_id", ColumnKind.INTEGER))
            .join(new JoinList("roles", "tag_types j JOIN roles r ON r.role_id <= j.min_role_id", "j.tag_type_id",
                    "r.name", "r.role_id", ColumnKind.TEXT))
            .build();

    public void register(MethodRegistry registry) {
        registry.bind("AddTagType", this::addTagType)
                .bind("GetTagTypes", call -> QueryEngine.get(call.db(), TAG_TYPES, (Filter) call.optionalArg(0)
                        .orElse(Filter.ALL), call.returnFields(1), QueryEngine.Access.EVERYONE))
                .bind("UpdateTagType", this::updateTagType)
                .bind("DeleteTagType", this::deleteTagType);
    }

    /** Creates the tag types of the RSpec attributes that do not exist yet. */
    public static void ensureRspecAttributes(Handle handle) {
        for (RspecAttribute attribute : RspecAttribute.values()) {
            boolean exists = handle.createQuery("SELECT COUNT(*) FROM tag_types WHERE tagname = :name")
                    .bind("name", attribute.attributeName()).mapTo(Long.class).one() > 0;
            if (!exists) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("tag_type_id", Database.nextId(handle, "tag_types"));
                row.put("tagname", attribute.attributeName());
                row.put("description", attribute.description());
                row.put("category", "slice/rspec");
                row.put("min_role_id", (long) attribute.minRole().roleId());
                Rows.insert(handle, "tag_types", row);
            }
        }
    }

    private Object addTagType(Call call) {
        Map<String, Object> fields = call.structArg(0);
        String tagname = (String) fields.get("tagname");
        if (call.db().createQuery("SELECT COUNT(*) FROM tag_types WHERE tagname = :name").bind("name", tagname)
                .mapTo(Long.class).one() > 0) {
            throw PlanetLabException.alreadyExists("a tag type named " + tagname + " already exists");
        }
        long id = Database.nextId(call.db(), "tag_types");
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("tag_type_id", id);
        row.put("tagname", tagname);
        row.put("description", fields.getOrDefault("description", ""));
        row.put("category", fields.getOrDefault("category", "general"));
        row.put("min_role_id", fields.getOrDefault("min_role_id", 10L));
        Rows.insert(call.db(), "tag_types", row);
        call.affected(ObjectType.TAG_TYPE, id);
        return id;
    }

    private Object updateTagType(Call call) {
        TagTypes.TagTypeRecord type = TagTypes.require(call.db(), call.arg(0));
        Map<String, Object> fields = call.structArg(1);
        if (fields.containsKey("tagname") && !fields.get("tagname").equals(type.tagname())) {
            if (type.attribute().isPresent()) {
                throw PlanetLabException.invalidArgument("tag_type_fields.tagname: " + type.tagname()
                        + " is an RSpec attribute; its name cannot change");
            }
            if (call.db().createQuery("SELECT COUNT(*) FROM tag_types WHERE tagname = :name")
                    .bind("name", fields.get("tagname")).mapTo(Long.class).one() > 0) {
                throw PlanetLabException.alreadyExists("a tag type named " + fields.get("tagname") + " already exists");
            }
        }
        Rows.update(call.db(), "tag_types", "tag_type_id", type.tagTypeId(), fields);
        call.affected(ObjectType.TAG_TYPE, type.tagTypeId());
        call.changes().affectsEveryNode();
        return 1L;
    }

    private Object deleteTagType(Call call) {
        TagTypes.TagTypeRecord type = TagTypes.require(call.db(), call.arg(0));
        if (type.attribute().isPresent()) {
            throw PlanetLabException.invalidArgument(type.tagname() + " is an RSpec attribute and cannot be deleted");
        }
        Map<String, Object> id = Map.of("id", type.tagTypeId());
        long groups = call.db().createQuery("SELECT COUNT(*) FROM nodegroups WHERE tag_type_id = :id").bind("id",
                type.tagTypeId()).mapTo(Long.class).one();
        if (groups > 0) {
            throw new PlanetLabException(org.planetlab.api.error.ErrorCode.IN_USE, "tag type " + type.tagname()
                    + " defines " + groups + " node group(s); delete them first");
        }
        Rows.execute(call.db(), "DELETE FROM slice_tags WHERE tag_type_id = :id", id);
        Rows.execute(call.db(), "DELETE FROM node_tags WHERE tag_type_id = :id", id);
        Rows.execute(call.db(), "DELETE FROM tag_types WHERE tag_type_id = :id", id);
        call.affected(ObjectType.TAG_TYPE, type.tagTypeId());
        call.changes().affectsEveryNode();
        return 1L;
    }
}
