package org.planetlab.plc.tag;

import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.api.method.Role;
import org.planetlab.api.rspec.RspecAttribute;
import org.planetlab.plc.auth.Caller;

/** Finds tag types and checks who may set values of them. */
public final class TagTypes {
    private TagTypes() {}

    /** A tag type: its name and the least privileged role that may set values of it. */
    public record TagTypeRecord(long tagTypeId, String tagname, long minRoleId) {
        public Optional<RspecAttribute> attribute() {
            return RspecAttribute.lookup(tagname);
        }

        /** Checks a value, in canonical form for RSpec attributes, as given for other tags. */
        public String canonicalValue(String value) {
            return attribute().map(attribute -> attribute.canonical(value)).orElse(value);
        }
    }

    public static TagTypeRecord require(Handle handle, Object idOrName) {
        String column = idOrName instanceof Long ? "tag_type_id" : "tagname";
        return handle.createQuery("SELECT tag_type_id, tagname, min_role_id FROM tag_types WHERE " + column + " = :ref")
                .bind("ref", idOrName)
                .map((row, context) -> new TagTypeRecord(row.getLong(1), row.getString(2), row.getLong(3)))
                .findOne()
                .orElseThrow(() -> PlanetLabException.notFound(idOrName instanceof Long id
                        ? "no tag type with tag_type_id " + id : "no tag type named \"" + idOrName + "\""));
    }

    /** Whether the caller's role is privileged enough for the tag type. */
    public static void requireRole(Caller caller, TagTypeRecord type, String action) {
        if (caller.isOperator()) {
            return;
        }
        int roleId = caller.isNode() ? Role.NODE.roleId() : caller.bestRoleId();
        if (roleId > type.minRoleId()) {
            throw PlanetLabException.permissionDenied("%s: %s may be set only by roles up to min_role_id %d; %s"
                    .formatted(action, type.tagname(), type.minRoleId(), caller.describe() + " is not one"));
        }
    }
}
