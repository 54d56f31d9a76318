package org.planetlab.plc.person;

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.api.method.Role;
import org.planetlab.plc.auth.Caller;

/** Finds live persons by id or e-mail address, and decides who may change whom. */
public final class Persons {
    private Persons() {}

    /** What methods need to know about a person. */
    public record PersonRecord(long personId, String email, boolean enabled, Set<Role> roles, List<Long> siteIds) {
        public PersonRecord {
            roles = Set.copyOf(roles);
            siteIds = List.copyOf(siteIds);
        }

        public boolean sharesSiteWith(Caller caller) {
            return siteIds.stream().anyMatch(caller::isAtSite);
        }
    }

    public static PersonRecord require(Handle handle, Object idOrEmail) {
        return find(handle, idOrEmail).orElseThrow(() -> PlanetLabException.notFound(
                idOrEmail instanceof Long id ? "no person with person_id " + id
                        : "no person with e-mail \"" + idOrEmail + "\""));
    }

    public static Optional<PersonRecord> find(Handle handle, Object idOrEmail) {
        String column = idOrEmail instanceof Long ? "person_id" : "email_key";
        Object key = idOrEmail instanceof String email ? email.toLowerCase(Locale.ROOT) : idOrEmail;
        return handle.createQuery("SELECT person_id, email, enabled FROM persons WHERE deleted = FALSE AND "
                        + column + " = :ref")
                .bind("ref", key)
                .map((row, context) -> new Object[] {row.getLong(1), row.getString(2), row.getBoolean(3)})
                .findOne()
                .map(row -> new PersonRecord((Long) row[0], (String) row[1], (Boolean) row[2],
                        roles(handle, (Long) row[0]), sites(handle, (Long) row[0])));
    }

    static Set<Role> roles(Handle handle, long personId) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        handle.createQuery("SELECT role_id FROM person_roles WHERE person_id = :id").bind("id", personId)
                .mapTo(Long.class).forEach(id -> Role.lookup(id).ifPresent(roles::add));
        return roles;
    }

    static List<Long> sites(Handle handle, long personId) {
        return handle.createQuery("SELECT ps.site_id FROM person_sites ps JOIN sites s ON s.site_id = ps.site_id"
                        + " AND s.deleted = FALSE WHERE ps.person_id = :id ORDER BY ps.is_primary DESC, ps.site_id")
                .bind("id", personId).mapTo(Long.class).list();
    }

    /**
     * PLCAPI's rule: one may change oneself; operators anyone; a PI the persons at their sites
     * who are neither PIs nor operators.
     */
    public static boolean canUpdate(Caller caller, PersonRecord target) {
        if (caller.isOperator() || caller.personId().equals(Optional.of(target.personId()))) {
            return true;
        }
        return caller.has(Role.PI) && target.sharesSiteWith(caller)
                && !target.roles().contains(Role.PI) && !target.roles().contains(Role.ADMIN);
    }

    public static void requireCanUpdate(Caller caller, PersonRecord target, String action) {
        if (!canUpdate(caller, target)) {
            throw PlanetLabException.permissionDenied("%s: %s may not change person %d; persons change themselves,"
                    .formatted(action, caller.describe(), target.personId())
                    + " PIs the users and techs of their sites, operators anyone");
        }
    }
}
