package org.planetlab.plc.tag;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.api.rspec.RspecAttribute;
import org.planetlab.plc.auth.Caller;
import org.planetlab.plc.change.ObjectType;
import org.planetlab.plc.mutation.Mutation;
import org.planetlab.plc.mutation.MutationPath;
import org.planetlab.plc.store.Database;
import org.planetlab.plc.store.Rows;

/**
 * Tag types: names are unique, and the RSpec attributes are always present (created at start-up)
 * and can be re-described but not renamed or deleted. A tag type names what nodes and slices may
 * carry, so changing one may change every node's view.
 */
public final class TagTypeService {
    private final MutationPath mutations;

    public TagTypeService(MutationPath mutations) {
        this.mutations = requireNonNull(mutations, "mutations is null");
    }

    /** Creates the tag types of the RSpec attributes that do not exist yet, as the store is opened. */
    public static void ensureRspecAttributes(Handle handle) {
        for (RspecAttribute attribute : RspecAttribute.values()) {
            if (!exists(handle, attribute.attributeName())) {
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

    public long addTagType(Caller caller, NewTagType type) {
        return mutations.run(caller, "AddTagType", List.of(type.tagname()), mutation -> addTagType(mutation, type));
    }

    public long addTagType(Mutation mutation, NewTagType type) {
        if (exists(mutation.db(), type.tagname())) {
            throw PlanetLabException.alreadyExists("a tag type named " + type.tagname() + " already exists");
        }
        long id = Database.nextId(mutation.db(), "tag_types");
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("tag_type_id", id);
        row.put("tagname", type.tagname());
        row.put("description", type.description().orElse(""));
        row.put("category", type.category().orElse("general"));
        row.put("min_role_id", type.minRoleId().orElse(10L));
        Rows.insert(mutation.db(), "tag_types", row);
        mutation.affected(ObjectType.TAG_TYPE, id);
        return id;
    }

    public void updateTagType(Caller caller, TagTypeRef ref, TagTypeUpdate update) {
        mutations.run(caller, "UpdateTagType", List.of(ref.key()), mutation -> {
            updateTagType(mutation, ref, update);
            return null;
        });
    }

    public void updateTagType(Mutation mutation, TagTypeRef ref, TagTypeUpdate update) {
        TagTypes.TagTypeRecord type = TagTypes.require(mutation.db(), ref.key());
        update.tagname().filter(tagname -> !tagname.equals(type.tagname())).ifPresent(tagname -> {
            if (type.attribute().isPresent()) {
                throw PlanetLabException.invalidArgument("tag_type_fields.tagname: " + type.tagname()
                        + " is an RSpec attribute; its name cannot change");
            }
            if (exists(mutation.db(), tagname)) {
                throw PlanetLabException.alreadyExists("a tag type named " + tagname + " already exists");
            }
        });
        Map<String, Object> columns = new LinkedHashMap<>();
        update.tagname().ifPresent(value -> columns.put("tagname", value));
        update.description().ifPresent(value -> columns.put("description", value));
        update.category().ifPresent(value -> columns.put("category", value));
        update.minRoleId().ifPresent(value -> columns.put("min_role_id", value));
        Rows.update(mutation.db(), "tag_types", "tag_type_id", type.tagTypeId(), columns);
        mutation.affected(ObjectType.TAG_TYPE, type.tagTypeId());
        mutation.changes().affectsEveryNode();
    }

    public void deleteTagType(Caller caller, TagTypeRef ref) {
        mutations.run(caller, "DeleteTagType", List.of(ref.key()), mutation -> {
            deleteTagType(mutation, ref);
            return null;
        });
    }

    /** Deletes a tag type and every tag of it, unless it is an RSpec attribute or defines node groups. */
    public void deleteTagType(Mutation mutation, TagTypeRef ref) {
        TagTypes.TagTypeRecord type = TagTypes.require(mutation.db(), ref.key());
        if (type.attribute().isPresent()) {
            throw PlanetLabException.invalidArgument(type.tagname() + " is an RSpec attribute and cannot be deleted");
        }
        Map<String, Object> id = Map.of("id", type.tagTypeId());
        long groups = mutation.db().createQuery("SELECT COUNT(*) FROM nodegroups WHERE tag_type_id = :id")
                .bind("id", type.tagTypeId()).mapTo(Long.class).one();
        if (groups > 0) {
            throw new PlanetLabException(ErrorCode.IN_USE, "tag type " + type.tagname()
                    + " defines " + groups + " node group(s); delete them first");
        }
        Rows.execute(mutation.db(), "DELETE FROM slice_tags WHERE tag_type_id = :id", id);
        Rows.execute(mutation.db(), "DELETE FROM node_tags WHERE tag_type_id = :id", id);
        Rows.execute(mutation.db(), "DELETE FROM person_tags WHERE tag_type_id = :id", id);
        Rows.execute(mutation.db(), "DELETE FROM site_tags WHERE tag_type_id = :id", id);
        Rows.execute(mutation.db(), "DELETE FROM interface_tags WHERE tag_type_id = :id", id);
        Rows.execute(mutation.db(), "DELETE FROM ilinks WHERE tag_type_id = :id", id);
        Rows.execute(mutation.db(), "DELETE FROM tag_types WHERE tag_type_id = :id", id);
        mutation.affected(ObjectType.TAG_TYPE, type.tagTypeId());
        mutation.changes().affectsEveryNode();
    }

    private static boolean exists(Handle handle, String tagname) {
        return handle.createQuery("SELECT COUNT(*) FROM tag_types WHERE tagname = :name").bind("name", tagname)
                .mapTo(Long.class).one() > 0;
    }
}
