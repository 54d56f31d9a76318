package org.planetlab.plc.typetable;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.jdbi.v3.core.Handle;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.api.method.Role;
import org.planetlab.plc.change.ObjectType;
import org.planetlab.plc.mutation.Mutation;
import org.planetlab.plc.store.Rows;
import org.planetlab.plc.tag.TagTypeRef;
import org.planetlab.plc.tag.TagTypeService;
import org.planetlab.plc.tag.TagTypeUpdate;
import org.planetlab.plc.tag.TagTypes;

/**
 * Roles: the built-in ones PLC's authorization acts on (admin, pi, user, tech, node) and any an
 * operator adds, which are listed but grant nothing. Which roles may set a tag type follows from
 * its min_role_id: every built-in role up to it.
 */
public final class Roles {
    private final TagTypeService tagTypes;

    public Roles(TagTypeService tagTypes) {
        this.tagTypes = requireNonNull(tagTypes, "tagTypes is null");
    }

    /** A row of the roles table. */
    public record StoredRole(long roleId, String name) {
        public StoredRole {
            requireNonNull(name, "name is null");
        }

        public Optional<Role> builtIn() {
            return Role.lookup(roleId).filter(role -> role.wireName().equals(name));
        }
    }

    /** The roles persons can hold and those an operator added, by role_id; not the node's. */
    public static List<Object> list(Handle handle) {
        return handle.createQuery("SELECT role_id, name FROM roles WHERE role_id <> :node ORDER BY role_id")
                .bind("node", (long) Role.NODE.roleId())
                .map((row, context) -> {
                    Map<String, Object> role = new LinkedHashMap<>();
                    role.put("role_id", row.getLong(1));
                    role.put("name", row.getString(2));
                    return (Object) role;
                }).list();
    }

    /** The stored role with this role_id or name. */
    public static Optional<StoredRole> find(Handle handle, Object idOrName) {
        String column = idOrName instanceof Long ? "role_id" : "name";
        return handle.createQuery("SELECT role_id, name FROM roles WHERE " + column + " = :ref").bind("ref", idOrName)
                .map((row, context) -> new StoredRole(row.getLong(1), row.getString(2))).findOne();
    }

    private static StoredRole require(Handle handle, Object idOrName) {
        return find(handle, idOrName).orElseThrow(() -> PlanetLabException.notFound(idOrName instanceof Long id
                ? "no role with role_id " + id : "no role named \"" + idOrName + "\""));
    }

    public void addRole(Mutation mutation, long roleId, String name) {
        if (find(mutation.db(), roleId).isPresent()) {
            throw PlanetLabException.alreadyExists("role_id: a role with role_id " + roleId + " exists already");
        }
        if (find(mutation.db(), name).isPresent() || Role.lookup(name).isPresent()) {
            throw PlanetLabException.alreadyExists("name: a role named \"" + name + "\" exists already");
        }
        Rows.insert(mutation.db(), "roles", Map.of("role_id", roleId, "name", name));
        mutation.affected(ObjectType.ROLE, roleId);
    }

    public void deleteRole(Mutation mutation, Object idOrName) {
        StoredRole role = require(mutation.db(), idOrName);
        if (role.builtIn().isPresent()) {
            throw PlanetLabException.invalidArgument("role " + role.name() + " cannot be deleted: PLC's authorization"
                    + " acts on it");
        }
        Rows.execute(mutation.db(), "DELETE FROM roles WHERE role_id = :id", Map.of("id", role.roleId()));
        mutation.affected(ObjectType.ROLE, role.roleId());
    }

    /** Admits the role to the tag type by raising its min_role_id to the role's id, if it is not admitted. */
    public void addRoleToTagType(Mutation mutation, Object roleIdOrName, TagTypeRef ref) {
        Role role = builtIn(mutation.db(), roleIdOrName, "AddRoleToTagType");
        TagTypes.TagTypeRecord type = TagTypes.require(mutation.db(), ref.key());
        if (role.roleId() > type.minRoleId()) {
            tagTypes.updateTagType(mutation, ref, minRole(role.roleId()));
        }
    }

    /** Stops the role setting the tag type by lowering min_role_id below it, if it is admitted. */
    public void deleteRoleFromTagType(Mutation mutation, Object roleIdOrName, TagTypeRef ref) {
        Role role = builtIn(mutation.db(), roleIdOrName, "DeleteRoleFromTagType");
        TagTypes.TagTypeRecord type = TagTypes.require(mutation.db(), ref.key());
        if (role == Role.ADMIN) {
            throw PlanetLabException.invalidArgument("role_id_or_name: admin may always set every tag type");
        }
        if (role.roleId() <= type.minRoleId()) {
            OptionalLong below = List.of(Role.values()).stream().filter(other -> other.roleId() >= Role.ADMIN.roleId()
                    && other.roleId() < role.roleId()).mapToLong(Role::roleId).max();
            tagTypes.updateTagType(mutation, ref, minRole(below.orElse(Role.ADMIN.roleId())));
        }
    }

    private static TagTypeUpdate minRole(long roleId) {
        return new TagTypeUpdate(Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(roleId));
    }

    private static Role builtIn(Handle handle, Object roleIdOrName, String action) {
        StoredRole stored = require(handle, roleIdOrName);
        return stored.builtIn().orElseThrow(() -> PlanetLabException.invalidArgument(("role_id_or_name: role %s was"
                + " added by an operator and grants nothing here; %s takes admin, pi, user, tech or node")
                .formatted(stored.name(), action)));
    }
}
