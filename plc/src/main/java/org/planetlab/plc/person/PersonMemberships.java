package org.planetlab.plc.person;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.api.method.Role;
import org.planetlab.plc.auth.Caller;
import org.planetlab.plc.change.ObjectType;
import org.planetlab.plc.mutation.Mutation;
import org.planetlab.plc.mutation.MutationPath;
import org.planetlab.plc.site.SiteRef;
import org.planetlab.plc.site.Sites;
import org.planetlab.plc.store.Rows;

/**
 * The roles persons hold and the sites they belong to: who may grant which role, and that a
 * person with sites has exactly one primary site.
 */
public final class PersonMemberships {
    private final MutationPath mutations;

    public PersonMemberships(MutationPath mutations) {
        this.mutations = requireNonNull(mutations, "mutations is null");
    }

    public void addRole(Caller caller, Role role, PersonRef person) {
        mutations.run(caller, "AddRoleToPerson", List.of(role.wireName(), person.key()), mutation -> {
            changeRole(mutation, role, person, true);
            return null;
        });
    }

    /**
     * Grants or revokes a person role. Operators may change any; others only roles below their
     * own, of persons they may change.
     */
    public void changeRole(Mutation mutation, Role role, PersonRef ref, boolean add) {
        if (!role.isPersonRole()) {
            throw PlanetLabException.invalidArgument("role_id_or_name: \"%s\" is not a role of persons"
                    .formatted(role.wireName()));
        }
        Persons.PersonRecord person = Persons.require(mutation.db(), ref.key());
        String action = add ? "AddRoleToPerson" : "DeleteRoleFromPerson";
        Caller caller = mutation.caller();
        Persons.requireCanUpdate(caller, person, action);
        if (!caller.isOperator() && role.roleId() <= caller.bestRoleId()) {
            throw PlanetLabException.permissionDenied("%s: %s may grant or revoke only roles below its own (user, tech)"
                    .formatted(action, caller.describe()));
        }
        if (add) {
            grant(mutation, person.personId(), role);
        } else {
            Rows.execute(mutation.db(), "DELETE FROM person_roles WHERE person_id = :person AND role_id = :role",
                    Map.of("person", person.personId(), "role", (long) role.roleId()));
        }
        mutation.affected(ObjectType.PERSON, person.personId());
        person.siteIds().forEach(siteId -> mutation.affected(ObjectType.SITE, siteId));
        if (role == Role.ADMIN) {
            // Operators' keys are in every node's root account.
            mutation.changes().affectsEveryNode();
        }
        mutation.message("role %s %s person %d".formatted(role.wireName(), add ? "granted to" : "revoked from",
                person.personId()));
    }

    public void addToSite(Caller caller, PersonRef person, SiteRef site) {
        mutations.run(caller, "AddPersonToSite", List.of(person.key(), site.key()), mutation -> {
            addToSite(mutation, person, site);
            return null;
        });
    }

    public void addToSite(Mutation mutation, PersonRef personRef, SiteRef siteRef) {
        Persons.PersonRecord person = Persons.require(mutation.db(), personRef.key());
        Sites.SiteRecord site = Sites.require(mutation.db(), siteRef.key());
        if (!person.siteIds().contains(site.siteId())) {
            joinSite(mutation, person.personId(), site.siteId());
        }
        mutation.affected(ObjectType.PERSON, person.personId());
    }

    public void removeFromSite(Mutation mutation, PersonRef personRef, SiteRef siteRef) {
        Persons.PersonRecord person = Persons.require(mutation.db(), personRef.key());
        Sites.SiteRecord site = Sites.require(mutation.db(), siteRef.key());
        Rows.execute(mutation.db(), "DELETE FROM person_sites WHERE person_id = :person AND site_id = :site",
                Map.of("person", person.personId(), "site", site.siteId()));
        List<Long> remaining = Persons.sites(mutation.db(), person.personId());
        if (!remaining.isEmpty()) {
            // Keep exactly one primary site.
            Rows.execute(mutation.db(),
                    "UPDATE person_sites SET is_primary = (site_id = :first) WHERE person_id = :person",
                    Map.of("first", remaining.getFirst(), "person", person.personId()));
        }
        mutation.affected(ObjectType.PERSON, person.personId());
        mutation.affected(ObjectType.SITE, site.siteId());
    }

    void grant(Mutation mutation, long personId, Role role) {
        boolean has = mutation.db()
                .createQuery("SELECT COUNT(*) FROM person_roles WHERE person_id = :person AND role_id = :role")
                .bind("person", personId).bind("role", (long) role.roleId()).mapTo(Long.class).one() > 0;
        if (!has) {
            Rows.insert(mutation.db(), "person_roles", Map.of("person_id", personId, "role_id", (long) role.roleId()));
        }
    }

    void joinSite(Mutation mutation, long personId, long siteId) {
        boolean primary = Persons.sites(mutation.db(), personId).isEmpty();
        Rows.execute(mutation.db(), "DELETE FROM person_sites WHERE person_id = :person AND site_id = :site",
                Map.of("person", personId, "site", siteId));
        Rows.insert(mutation.db(), "person_sites", Map.of("person_id", personId, "site_id", siteId,
                "is_primary", primary));
        mutation.affected(ObjectType.SITE, siteId);
    }
}
