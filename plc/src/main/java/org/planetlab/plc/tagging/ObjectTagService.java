package org.planetlab.plc.tagging;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.planetlab.plc.tag.TagTypeRef;
import org.planetlab.plc.tag.TagTypes;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.api.method.Role;
import org.planetlab.api.tagging.ObjectTagApi.Kind;
import org.planetlab.plc.auth.Caller;
import org.planetlab.plc.change.ObjectType;
import org.planetlab.plc.mutation.Mutation;
import org.planetlab.plc.mutation.MutationPath;
import org.planetlab.plc.node.Nodes;
import org.planetlab.plc.person.Persons;
import org.planetlab.plc.site.Sites;
import org.planetlab.plc.store.Database;
import org.planetlab.plc.store.Rows;

/**
 * Tags on persons, sites and interfaces. An object has at most one tag of each type. Who may
 * write a tag: for a person, whoever may update the person (themselves, a PI of their site for
 * users and techs, operators); for a site, its PIs and techs and operators; for an interface,
 * the people of its node's site and operators. In each case the tag type's min_role_id must
 * admit the caller. These tags are not part of any node's view, so no node is told of a change.
 */
public final class ObjectTagService {
    private final MutationPath mutations;

    public ObjectTagService(MutationPath mutations) {
        this.mutations = requireNonNull(mutations, "mutations is null");
    }

    /** The object a tag hangs on: its id and how it is named in messages. */
    public record Tagged(Kind kind, long id, String name) {
        public Tagged {
            requireNonNull(kind, "kind is null");
            requireNonNull(name, "name is null");
        }
    }

    /** Finds the object named by id or name, checking that the caller may write its tags. */
    public static Tagged requireWritable(Mutation mutation, Kind kind, Object idOrName, String action) {
        Caller caller = mutation.caller();
        Handle handle = mutation.db();
        return switch (kind) {
            case PERSON -> {
                Persons.PersonRecord person = Persons.require(handle, idOrName);
                Persons.requireCanUpdate(caller, person, action);
                yield new Tagged(kind, person.personId(), person.email());
            }
            case SITE -> {
                Sites.SiteRecord site = Sites.require(handle, idOrName);
                boolean allowed = caller.isOperator() || (caller.isAtSite(site.siteId())
                        && (caller.has(Role.PI) || caller.has(Role.TECH)));
                if (!allowed) {
                    throw PlanetLabException.permissionDenied("%s: only operators and the PIs and techs of site %s"
                            .formatted(action, site.loginBase()) + " may tag it; " + caller.describe() + " is not one");
                }
                yield new Tagged(kind, site.siteId(), site.loginBase());
            }
            case INTERFACE -> {
                Map<String, Object> row = (idOrName instanceof Long id
                        ? handle.createQuery("SELECT interface_id, node_id, ip FROM interfaces WHERE interface_id = :ref")
                                .bind("ref", id)
                        : handle.createQuery("SELECT interface_id, node_id, ip FROM interfaces WHERE ip = :ref")
                                .bind("ref", (String) idOrName))
                        .mapToMap().findFirst().orElseThrow(() -> PlanetLabException.notFound(
                                "no interface " + (idOrName instanceof Long ? "with interface_id " : "with address ")
                                        + idOrName));
                Nodes.NodeRecord node = Nodes.require(handle, ((Number) row.get("node_id")).longValue());
                Nodes.requireManager(caller, node, action);
                long interfaceId = ((Number) row.get("interface_id")).longValue();
                yield new Tagged(kind, interfaceId, row.get("ip") == null ? "interface " + interfaceId
                        : String.valueOf(row.get("ip")));
            }
        };
    }

    public long addTag(Caller caller, Kind kind, long objectId, TagTypeRef type, String value) {
        return mutations.run(caller, "Add" + kind.wireName() + "Tag", List.of(objectId, type.key(), value),
                mutation -> addTag(mutation, kind, objectId, type, value));
    }

    public long addTag(Mutation mutation, Kind kind, Object objectIdOrName, TagTypeRef typeRef, String value) {
        String action = "Add" + kind.wireName() + "Tag";
        Tagged tagged = requireWritable(mutation, kind, objectIdOrName, action);
        TagTypes.TagTypeRecord type = TagTypes.require(mutation.db(), typeRef.key());
        TagTypes.requireRole(mutation.caller(), type, action);
        existing(mutation.db(), tagged, type.tagTypeId()).ifPresent(id -> {
            throw PlanetLabException.alreadyExists("%s %s already has a %s tag; change it with Update%sTag %d"
                    .formatted(kind.wireName().toLowerCase(java.util.Locale.ROOT), tagged.name(), type.tagname(),
                            kind.wireName(), id));
        });
        long id = Database.nextId(mutation.db(), kind.table());
        Rows.insert(mutation.db(), kind.table(), Map.of(kind.tagIdField(), id, kind.idField(), tagged.id(),
                "tag_type_id", type.tagTypeId(), "value", type.canonicalValue(value)));
        touched(mutation, tagged);
        mutation.message("%s %s: %s = %s".formatted(kind.wireName(), tagged.name(), type.tagname(), value));
        return id;
    }

    public void updateTag(Caller caller, Kind kind, long tagId, String value) {
        mutations.run(caller, "Update" + kind.wireName() + "Tag", List.of(tagId, value), mutation -> {
            updateTag(mutation, kind, tagId, value);
            return null;
        });
    }

    public void updateTag(Mutation mutation, Kind kind, long tagId, String value) {
        Tag tag = tag(mutation, kind, tagId, "Update" + kind.wireName() + "Tag");
        Rows.update(mutation.db(), kind.table(), kind.tagIdField(), tagId, Map.of("value",
                tag.type().canonicalValue(value)));
        touched(mutation, tag.tagged());
        mutation.message("%s %s: %s = %s".formatted(kind.wireName(), tag.tagged().name(), tag.type().tagname(),
                value));
    }

    public void deleteTag(Caller caller, Kind kind, long tagId) {
        mutations.run(caller, "Delete" + kind.wireName() + "Tag", List.of(tagId), mutation -> {
            deleteTag(mutation, kind, tagId);
            return null;
        });
    }

    public void deleteTag(Mutation mutation, Kind kind, long tagId) {
        Tag tag = tag(mutation, kind, tagId, "Delete" + kind.wireName() + "Tag");
        Rows.execute(mutation.db(), "DELETE FROM " + kind.table() + " WHERE " + kind.tagIdField() + " = :id",
                Map.of("id", tagId));
        touched(mutation, tag.tagged());
    }

    /**
     * Sets the object's value of a tag type, creating or replacing the tag, or deletes it when
     * {@code value} is empty (as PLCAPI's Set accessors do).
     */
    public void setTag(Mutation mutation, Kind kind, Object objectIdOrName, TagTypes.TagTypeRecord type,
            Optional<String> value, String action) {
        Tagged tagged = requireWritable(mutation, kind, objectIdOrName, action);
        TagTypes.requireRole(mutation.caller(), type, action);
        Optional<Long> existing = existing(mutation.db(), tagged, type.tagTypeId());
        if (value.isEmpty()) {
            existing.ifPresent(id -> Rows.execute(mutation.db(), "DELETE FROM " + kind.table() + " WHERE "
                    + kind.tagIdField() + " = :id", Map.of("id", id)));
        } else if (existing.isPresent()) {
            Rows.update(mutation.db(), kind.table(), kind.tagIdField(), existing.get(), Map.of("value", value.get()));
        } else {
            Rows.insert(mutation.db(), kind.table(), Map.of(kind.tagIdField(), Database.nextId(mutation.db(),
                    kind.table()), kind.idField(), tagged.id(), "tag_type_id", type.tagTypeId(), "value",
                    value.get()));
        }
        touched(mutation, tagged);
        mutation.message("%s %s updated".formatted(kind.wireName(), tagged.name()));
    }

    /** The object's value of a tag type, if it has one; empty too when no such object exists, as in PLCAPI. */
    public static Optional<String> value(Handle handle, Kind kind, Object objectIdOrName, long tagTypeId) {
        String object = switch (kind) {
            case PERSON -> objectIdOrName instanceof Long ? "p.person_id" : "p.email_key";
            case SITE -> objectIdOrName instanceof Long ? "s.site_id" : "s.login_base";
            case INTERFACE -> objectIdOrName instanceof Long ? "i.interface_id" : "i.ip";
        };
        String join = switch (kind) {
            case PERSON -> "persons p ON p.person_id = t.person_id AND p.deleted = FALSE";
            case SITE -> "sites s ON s.site_id = t.site_id AND s.deleted = FALSE";
            case INTERFACE -> "interfaces i ON i.interface_id = t.interface_id";
        };
        // Persons are found by e-mail address whatever its case, as everywhere else.
        Object ref = kind == Kind.PERSON && objectIdOrName instanceof String email
                ? email.toLowerCase(java.util.Locale.ROOT) : objectIdOrName;
        return handle.createQuery("SELECT t.value FROM " + kind.table() + " t JOIN " + join
                        + " WHERE t.tag_type_id = :type AND " + object + " = :ref")
                .bind("type", tagTypeId).bind("ref", ref).mapTo(String.class).findFirst();
    }

    private record Tag(Tagged tagged, TagTypes.TagTypeRecord type) {}

    private static Tag tag(Mutation mutation, Kind kind, long tagId, String action) {
        Map<String, Object> row = mutation.db().createQuery("SELECT " + kind.idField() + ", tag_type_id FROM "
                        + kind.table() + " WHERE " + kind.tagIdField() + " = :id")
                .bind("id", tagId).mapToMap().findOne()
                .orElseThrow(() -> PlanetLabException.notFound("no " + kind.wireName().toLowerCase(java.util.Locale.ROOT)
                        + " tag with " + kind.tagIdField() + " " + tagId));
        Tagged tagged = requireWritable(mutation, kind, ((Number) row.get(kind.idField())).longValue(), action);
        TagTypes.TagTypeRecord type = TagTypes.require(mutation.db(), ((Number) row.get("tag_type_id")).longValue());
        TagTypes.requireRole(mutation.caller(), type, action);
        return new Tag(tagged, type);
    }

    private static Optional<Long> existing(Handle handle, Tagged tagged, long tagTypeId) {
        Kind kind = tagged.kind();
        return handle.createQuery("SELECT " + kind.tagIdField() + " FROM " + kind.table() + " WHERE "
                        + kind.idField() + " = :object AND tag_type_id = :type")
                .bind("object", tagged.id()).bind("type", tagTypeId).mapTo(Long.class).findOne();
    }

    private static void touched(Mutation mutation, Tagged tagged) {
        mutation.affected(switch (tagged.kind()) {
            case PERSON -> ObjectType.PERSON;
            case SITE -> ObjectType.SITE;
            case INTERFACE -> ObjectType.INTERFACE;
        }, tagged.id());
    }
}
