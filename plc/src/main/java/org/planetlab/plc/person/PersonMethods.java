package org.planetlab.plc.person;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.api.method.Role;
import org.planetlab.api.schema.Filter;
import org.planetlab.plc.api.Call;
import org.planetlab.plc.api.MethodRegistry;
import org.planetlab.plc.change.ObjectType;
import org.planetlab.plc.auth.Caller;
import org.planetlab.plc.auth.PasswordHasher;
import org.planetlab.plc.site.Sites;
import org.planetlab.plc.store.Database;
import org.planetlab.plc.store.QueryEngine;
import org.planetlab.plc.store.Rows;
import org.planetlab.plc.store.SqlCondition;

/** Accounts: creation, registration and approval, updates, roles and site memberships. */
public final class PersonMethods {
    private static final List<String> PROFILE_FIELDS =
            List.of("email", "first_name", "last_name", "title", "phone", "url", "bio", "address");

    private final PasswordHasher passwords;

    public PersonMethods(PasswordHasher passwords) {
        this.passwords = requireNonNull(passwords, "passwords is null");
    }

    public void register(MethodRegistry registry) {
        registry.bind("AddPerson", this::addPerson)
                .bind("RegisterPerson", this::registerPerson)
                .bind("ApprovePerson", this::approvePerson)
                .bind("GetPersons", this::getPersons)
                .bind("UpdatePerson", this::updatePerson)
                .bind("DeletePerson", this::deletePerson)
                .bind("GetRoles", call -> roleList())
                .bind("AddRoleToPerson", call -> changeRole(call, true))
                .bind("DeleteRoleFromPerson", call -> changeRole(call, false))
                .bind("AddPersonToSite", this::addPersonToSite)
                .bind("DeletePersonFromSite", this::deletePersonFromSite);
    }

    private Object addPerson(Call call) {
        Map<String, Object> fields = call.structArg(0);
        Caller caller = call.caller();
        boolean enabled;
        Long siteId = null;
        if (caller.isOperator()) {
            enabled = (Boolean) fields.getOrDefault("enabled", false);
        } else {
            if (fields.containsKey("enabled")) {
                throw PlanetLabException.permissionDenied(
                        "person_fields.enabled: a PI's new accounts are enabled already; only operators set it");
            }
            if (caller.siteIds().isEmpty()) {
                throw PlanetLabException.permissionDenied("AddPerson: " + caller.describe() + " belongs to no site");
            }
            enabled = true;
            siteId = caller.siteIds().getFirst();
        }
        long personId = insertPerson(call, fields, enabled);
        if (siteId != null) {
            joinSite(call, personId, siteId);
            grant(call, personId, Role.USER);
        }
        call.message("person %d (%s) added".formatted(personId, fields.get("email")));
        return personId;
    }

    private Object registerPerson(Call call) {
        Map<String, Object> fields = call.structArg(0);
        Sites.SiteRecord site = Sites.require(call.db(), call.arg(1));
        if (!site.enabled()) {
            throw PlanetLabException.invalidArgument("site " + site.loginBase() + " is not enabled and takes no registrations");
        }
        long personId = insertPerson(call, fields, false);
        joinSite(call, personId, site.siteId());
        grant(call, personId, Role.USER);
        call.message("person %d (%s) registered at site %s; waiting for approval".formatted(personId,
                fields.get("email"), site.loginBase()));
        return personId;
    }

    private long insertPerson(Call call, Map<String, Object> fields, boolean enabled) {
        String email = (String) fields.get("email");
        if (Persons.find(call.db(), email).isPresent()) {
            throw PlanetLabException.alreadyExists("the e-mail address " + email + " is already in use");
        }
        String password = (String) fields.get("password");
        String hash = password == null ? null : passwords.hash(password);
        long personId = Database.nextId(call.db(), "persons");
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("person_id", personId);
        for (String field : PROFILE_FIELDS) {
            row.put(field, fields.get(field));
        }
        row.put("email_key", email.toLowerCase(Locale.ROOT));
        row.put("password_hash", hash);
        row.put("enabled", enabled);
        row.put("date_created", call.now());
        row.put("last_updated", call.now());
        row.put("deleted", false);
        Rows.insert(call.db(), "persons", row);
        call.affected(ObjectType.PERSON, personId);
        return personId;
    }

    private Object approvePerson(Call call) {
        Persons.PersonRecord person = Persons.require(call.db(), call.arg(0));
        if (!call.caller().isOperator() && !person.sharesSiteWith(call.caller())) {
            throw PlanetLabException.permissionDenied("ApprovePerson: person %d is not at a site of %s"
                    .formatted(person.personId(), call.caller().describe()));
        }
        Persons.requireCanUpdate(call.caller(), person, "ApprovePerson");
        if (!person.enabled()) {
            Rows.update(call.db(), "persons", "person_id", person.personId(),
                    Map.of("enabled", true, "last_updated", call.now()));
        }
        call.affected(ObjectType.PERSON, person.personId());
        call.message("person %d (%s) approved".formatted(person.personId(), person.email()));
        return 1L;
    }

    private Object getPersons(Call call) {
        Filter filter = (Filter) call.optionalArg(0).orElse(Filter.ALL);
        Caller caller = call.caller();
        QueryEngine.Access access;
        if (caller.isOperator() || caller.isNode()) {
            access = new QueryEngine.Access(caller.isOperator(), SqlCondition.TRUE);
        } else if ((caller.has(Role.PI) || caller.has(Role.TECH)) && !caller.siteIds().isEmpty()) {
            List<Object> parameters = new ArrayList<>();
            parameters.add(caller.personId().orElseThrow());
            parameters.addAll(caller.siteIds());
            access = new QueryEngine.Access(false, new SqlCondition("t.person_id = ? OR EXISTS (SELECT 1 FROM"
                    + " person_sites v WHERE v.person_id = t.person_id AND v.site_id IN ("
                    + "?, ".repeat(caller.siteIds().size() - 1) + "?))", parameters));
        } else {
            access = new QueryEngine.Access(false, SqlCondition.of("t.person_id = ?", caller.personId().orElseThrow()));
        }
        return QueryEngine.get(call.db(), PersonTables.PERSONS, filter, call.returnFields(1), access);
    }

    private Object updatePerson(Call call) {
        Persons.PersonRecord person = Persons.require(call.db(), call.arg(0));
        Persons.requireCanUpdate(call.caller(), person, "UpdatePerson");
        Map<String, Object> fields = call.structArg(1);
        boolean self = call.caller().personId().orElse(-1L) == person.personId();
        Map<String, Object> row = new LinkedHashMap<>();
        for (String field : PROFILE_FIELDS) {
            if (fields.containsKey(field)) {
                row.put(field, fields.get(field));
            }
        }
        if (fields.containsKey("email")) {
            String email = (String) fields.get("email");
            Persons.find(call.db(), email).filter(other -> other.personId() != person.personId()).ifPresent(other -> {
                throw PlanetLabException.alreadyExists("the e-mail address " + email + " is already in use");
            });
            row.put("email_key", email.toLowerCase(Locale.ROOT));
        }
        if (fields.containsKey("password")) {
            row.put("password_hash", passwords.hash((String) fields.get("password")));
        }
        if (fields.containsKey("enabled")) {
            if (self && !call.caller().isOperator()) {
                throw PlanetLabException.permissionDenied(
                        "person_fields.enabled: persons cannot enable or disable their own account");
            }
            row.put("enabled", fields.get("enabled"));
            if (!(Boolean) fields.get("enabled")) {
                Rows.execute(call.db(), "DELETE FROM sessions WHERE person_id = :id", Map.of("id", person.personId()));
            }
        }
        row.put("last_updated", call.now());
        Rows.update(call.db(), "persons", "person_id", person.personId(), row);
        call.affected(ObjectType.PERSON, person.personId());
        call.message("person %d updated".formatted(person.personId()));
        return 1L;
    }

    private Object deletePerson(Call call) {
        Persons.PersonRecord person = Persons.require(call.db(), call.arg(0));
        Persons.requireCanUpdate(call.caller(), person, "DeletePerson");
        PersonRemoval.markDeleted(call.mutation(), person.personId());
        call.message("person %d (%s) deleted".formatted(person.personId(), person.email()));
        return 1L;
    }

    private static List<Object> roleList() {
        List<Object> roles = new ArrayList<>();
        for (Role role : Role.values()) {
            if (role.isPersonRole()) {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("role_id", (long) role.roleId());
                entry.put("name", role.wireName());
                roles.add(entry);
            }
        }
        return roles;
    }

    private Object changeRole(Call call, boolean add) {
        Role role = Role.lookup(call.arg(0)).filter(Role::isPersonRole).orElseThrow(() ->
                PlanetLabException.invalidArgument("role_id_or_name: \"%s\" is not a role; roles are admin (10), pi (20),"
                        .formatted(call.arg(0)) + " user (30) and tech (40)"));
        Persons.PersonRecord person = Persons.require(call.db(), call.arg(1));
        String action = add ? "AddRoleToPerson" : "DeleteRoleFromPerson";
        Persons.requireCanUpdate(call.caller(), person, action);
        if (!call.caller().isOperator() && role.roleId() <= call.caller().bestRoleId()) {
            throw PlanetLabException.permissionDenied("%s: %s may grant or revoke only roles below its own (user, tech)"
                    .formatted(action, call.caller().describe()));
        }
        if (add) {
            grant(call, person.personId(), role);
        } else {
            Rows.execute(call.db(), "DELETE FROM person_roles WHERE person_id = :person AND role_id = :role",
                    Map.of("person", person.personId(), "role", (long) role.roleId()));
        }
        call.affected(ObjectType.PERSON, person.personId());
        person.siteIds().forEach(siteId -> call.affected(ObjectType.SITE, siteId));
        if (role == Role.ADMIN) {
            // Operators' keys are in every node's root account.
            call.changes().affectsEveryNode();
        }
        call.message("role %s %s person %d".formatted(role.wireName(), add ? "granted to" : "revoked from",
                person.personId()));
        return 1L;
    }

    private static void grant(Call call, long personId, Role role) {
        boolean has = call.db().createQuery("SELECT COUNT(*) FROM person_roles WHERE person_id = :person AND role_id = :role")
                .bind("person", personId).bind("role", (long) role.roleId()).mapTo(Long.class).one() > 0;
        if (!has) {
            Rows.insert(call.db(), "person_roles", Map.of("person_id", personId, "role_id", (long) role.roleId()));
        }
    }

    private Object addPersonToSite(Call call) {
        Persons.PersonRecord person = Persons.require(call.db(), call.arg(0));
        Sites.SiteRecord site = Sites.require(call.db(), call.arg(1));
        if (!person.siteIds().contains(site.siteId())) {
            joinSite(call, person.personId(), site.siteId());
        }
        call.affected(ObjectType.PERSON, person.personId());
        return 1L;
    }

    private static void joinSite(Call call, long personId, long siteId) {
        boolean primary = Persons.sites(call.db(), personId).isEmpty();
        Rows.execute(call.db(), "DELETE FROM person_sites WHERE person_id = :person AND site_id = :site",
                Map.of("person", personId, "site", siteId));
        Rows.insert(call.db(), "person_sites", Map.of("person_id", personId, "site_id", siteId, "is_primary", primary));
        call.affected(ObjectType.SITE, siteId);
    }

    private Object deletePersonFromSite(Call call) {
        Persons.PersonRecord person = Persons.require(call.db(), call.arg(0));
        Sites.SiteRecord site = Sites.require(call.db(), call.arg(1));
        Rows.execute(call.db(), "DELETE FROM person_sites WHERE person_id = :person AND site_id = :site",
                Map.of("person", person.personId(), "site", site.siteId()));
        List<Long> remaining = Persons.sites(call.db(), person.personId());
        if (!remaining.isEmpty()) {
            // Keep exactly one primary site.
            Rows.execute(call.db(), "UPDATE person_sites SET is_primary = (site_id = :first) WHERE person_id = :person",
                    Map.of("first", remaining.getFirst(), "person", person.personId()));
        }
        call.affected(ObjectType.PERSON, person.personId());
        call.affected(ObjectType.SITE, site.siteId());
        return 1L;
    }
}
