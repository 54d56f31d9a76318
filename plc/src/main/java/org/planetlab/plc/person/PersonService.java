package org.planetlab.plc.person;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.api.method.Role;
import org.planetlab.plc.auth.Caller;
import org.planetlab.plc.auth.PasswordHasher;
import org.planetlab.plc.change.ObjectType;
import org.planetlab.plc.foreign.ForeignObjects;
import org.planetlab.plc.mutation.Mutation;
import org.planetlab.plc.mutation.MutationPath;
import org.planetlab.plc.site.SiteRef;
import org.planetlab.plc.site.Sites;
import org.planetlab.plc.store.Database;
import org.planetlab.plc.store.Page;
import org.planetlab.plc.store.QueryEngine;
import org.planetlab.plc.store.Rows;
import org.planetlab.plc.store.SqlCondition;

/**
 * Accounts: creation, registration and approval, updates, deletion. Owns the rules of who may
 * create and change whom (see {@link Persons#canUpdate}) and the persons' storage; roles and site
 * memberships are in {@link PersonMemberships}. Each operation that PLC's own programs use comes
 * also in a form that runs as a change of its own on the {@link MutationPath}. Reads
 * ({@link #person}, {@link #persons}) show only whom the caller may see ({@link #visibleTo}).
 */
public final class PersonService {
    private static final String DETAILS = "SELECT t.person_id, t.email, t.first_name, t.last_name, t.enabled"
            + " FROM persons t WHERE t.deleted = FALSE";

    private final MutationPath mutations;
    private final Database database;
    private final PasswordHasher passwords;
    private final PersonMemberships memberships;

    public PersonService(MutationPath mutations, Database database, PasswordHasher passwords,
            PersonMemberships memberships) {
        this.mutations = requireNonNull(mutations, "mutations is null");
        this.database = requireNonNull(database, "database is null");
        this.passwords = requireNonNull(passwords, "passwords is null");
        this.memberships = requireNonNull(memberships, "memberships is null");
    }

    /**
     * Whom {@code caller} may see: operators and nodes everyone; PIs and techs themselves and the
     * persons of their sites; anyone else only themselves; anonymous callers no one. A condition
     * on the persons table as {@code t}, for GetPersons and the typed reads alike.
     */
    public static SqlCondition visibleTo(Caller caller) {
        if (caller.isOperator() || caller.has(Role.NODE)) {
            return SqlCondition.TRUE;
        }
        if (caller.personId().isEmpty()) {
            return new SqlCondition("1 = 0", List.of());
        }
        if ((caller.has(Role.PI) || caller.has(Role.TECH)) && !caller.siteIds().isEmpty()) {
            List<Object> parameters = new ArrayList<>();
            parameters.add(caller.personId().orElseThrow());
            parameters.addAll(caller.siteIds());
            return new SqlCondition("t.person_id = ? OR EXISTS (SELECT 1 FROM person_sites v WHERE v.person_id ="
                    + " t.person_id AND v.site_id IN (" + "?, ".repeat(caller.siteIds().size() - 1) + "?))", parameters);
        }
        return SqlCondition.of("t.person_id = ?", caller.personId().orElseThrow());
    }

    /** The live person {@code ref} names, if {@code caller} may see them (see {@link #visibleTo}). */
    public Optional<PersonDetails> person(Caller caller, PersonRef ref) {
        return database.read(handle -> person(handle, caller, ref));
    }

    public Optional<PersonDetails> person(Handle handle, Caller caller, PersonRef ref) {
        StringBuilder sql = new StringBuilder(DETAILS);
        List<Object> parameters = new ArrayList<>();
        switch (ref) {
            case PersonRef.ById byId -> {
                sql.append(" AND t.person_id = ?");
                parameters.add(byId.personId());
            }
            case PersonRef.ByEmail byEmail -> {
                sql.append(" AND t.email_key = ?");
                parameters.add(byEmail.email().toLowerCase(Locale.ROOT));
            }
        }
        return details(handle, caller, sql, parameters).stream().findFirst();
    }

    /** One page of the live persons {@code filter} selects among those {@code caller} may see, by id. */
    public List<PersonDetails> persons(Caller caller, PersonFilter filter) {
        return database.read(handle -> persons(handle, caller, filter));
    }

    public List<PersonDetails> persons(Handle handle, Caller caller, PersonFilter filter) {
        StringBuilder sql = new StringBuilder(DETAILS);
        List<Object> parameters = new ArrayList<>();
        filter.siteId().ifPresent(id -> {
            sql.append(" AND EXISTS (SELECT 1 FROM person_sites ps WHERE ps.person_id = t.person_id AND ps.site_id = ?)");
            parameters.add(id);
        });
        filter.role().ifPresent(role -> {
            sql.append(" AND EXISTS (SELECT 1 FROM person_roles pr WHERE pr.person_id = t.person_id AND pr.role_id = ?)");
            parameters.add((long) role.roleId());
        });
        filter.enabled().ifPresent(enabled -> {
            sql.append(" AND t.enabled = ?");
            parameters.add(enabled);
        });
        return details(handle, caller, sql, parameters, filter.page());
    }

    private static List<PersonDetails> details(Handle handle, Caller caller, StringBuilder sql, List<Object> parameters) {
        return details(handle, caller, sql, parameters, Page.first(1));
    }

    /** Runs the query limited to what the caller may see, then fills in roles and sites for all rows at once. */
    private static List<PersonDetails> details(Handle handle, Caller caller, StringBuilder sql, List<Object> parameters,
            Page page) {
        SqlCondition visible = visibleTo(caller);
        sql.append(" AND (").append(visible.sql()).append(')');
        parameters.addAll(visible.parameters());
        page.appendTo(sql, parameters, "t.person_id");
        List<Object[]> rows = Rows.select(handle, sql.toString(), parameters)
                .map((row, context) -> new Object[] {row.getLong(1), row.getString(2), row.getString(3),
                        row.getString(4), row.getBoolean(5)})
                .list();
        List<Long> ids = rows.stream().map(row -> (Long) row[0]).toList();
        Map<Long, List<Object>> roleIds = QueryEngine.joinValues(handle, PersonTables.PERSONS.joins().get("role_ids"), ids);
        Map<Long, List<Object>> siteIds = QueryEngine.joinValues(handle, PersonTables.PERSONS.joins().get("site_ids"), ids);
        return rows.stream().map(row -> {
            long personId = (Long) row[0];
            Set<Role> roles = EnumSet.noneOf(Role.class);
            roleIds.getOrDefault(personId, List.of()).forEach(id -> Role.lookup(id).ifPresent(roles::add));
            return new PersonDetails(personId, (String) row[1], (String) row[2], (String) row[3], (Boolean) row[4],
                    roles, siteIds.getOrDefault(personId, List.of()).stream().map(id -> (Long) id).toList());
        }).toList();
    }

    public long addPerson(Caller caller, NewPerson person) {
        return mutations.run(caller, "AddPerson", List.of(person.toString()), mutation -> addPerson(mutation, person));
    }

    /**
     * Operators add accounts as they like (disabled unless they say otherwise); a PI's new
     * accounts are enabled users of the PI's first site.
     */
    public long addPerson(Mutation mutation, NewPerson person) {
        Caller caller = mutation.caller();
        boolean enabled;
        Long siteId = null;
        if (caller.isOperator()) {
            enabled = person.enabled().orElse(false);
        } else {
            if (person.enabled().isPresent()) {
                throw PlanetLabException.permissionDenied(
                        "person_fields.enabled: a PI's new accounts are enabled already; only operators set it");
            }
            if (caller.siteIds().isEmpty()) {
                throw PlanetLabException.permissionDenied("AddPerson: " + caller.describe() + " belongs to no site");
            }
            enabled = true;
            siteId = caller.siteIds().getFirst();
        }
        long personId = insertPerson(mutation, person, enabled);
        if (siteId != null) {
            memberships.joinSite(mutation, personId, siteId);
            memberships.grant(mutation, personId, Role.USER);
        }
        mutation.message("person %d (%s) added".formatted(personId, person.email()));
        return personId;
    }

    public long registerPerson(Caller caller, NewPerson person, SiteRef site) {
        return mutations.run(caller, "RegisterPerson", List.of(person.toString(), site.key()),
                mutation -> registerPerson(mutation, person, site));
    }

    /** Anyone may register at an enabled site; the account waits, disabled, for a PI's approval. */
    public long registerPerson(Mutation mutation, NewPerson person, SiteRef ref) {
        Sites.SiteRecord site = Sites.require(mutation.db(), ref.key());
        if (!site.enabled()) {
            throw PlanetLabException.invalidArgument("site " + site.loginBase() + " is not enabled and takes no registrations");
        }
        long personId = insertPerson(mutation, person, false);
        memberships.joinSite(mutation, personId, site.siteId());
        memberships.grant(mutation, personId, Role.USER);
        mutation.message("person %d (%s) registered at site %s; waiting for approval".formatted(personId,
                person.email(), site.loginBase()));
        return personId;
    }

    public void approvePerson(Caller caller, PersonRef ref) {
        mutations.run(caller, "ApprovePerson", List.of(ref.key()), mutation -> {
            approvePerson(mutation, ref);
            return null;
        });
    }

    public void approvePerson(Mutation mutation, PersonRef ref) {
        Persons.PersonRecord person = Persons.require(mutation.db(), ref.key());
        if (!mutation.caller().isOperator() && !person.sharesSiteWith(mutation.caller())) {
            throw PlanetLabException.permissionDenied("ApprovePerson: person %d is not at a site of %s"
                    .formatted(person.personId(), mutation.caller().describe()));
        }
        Persons.requireCanUpdate(mutation.caller(), person, "ApprovePerson");
        if (!person.enabled()) {
            Rows.update(mutation.db(), "persons", "person_id", person.personId(),
                    Map.of("enabled", true, "last_updated", mutation.now()));
        }
        mutation.affected(ObjectType.PERSON, person.personId());
        mutation.message("person %d (%s) approved".formatted(person.personId(), person.email()));
    }

    public void updatePerson(Mutation mutation, PersonRef ref, PersonUpdate update) {
        Persons.PersonRecord person = Persons.require(mutation.db(), ref.key());
        Persons.requireCanUpdate(mutation.caller(), person, "UpdatePerson");
        ForeignObjects.requireLocal(mutation.db(), ObjectType.PERSON, person.personId(), "UpdatePerson");
        boolean self = mutation.caller().personId().orElse(-1L) == person.personId();
        Map<String, Object> row = new LinkedHashMap<>();
        for (String field : Profile.FIELDS) {
            if (update.profile().fields().containsKey(field)) {
                row.put(field, update.profile().fields().get(field).orElse(null));
            }
        }
        update.profile().email().ifPresent(email -> {
            Persons.find(mutation.db(), email).filter(other -> other.personId() != person.personId())
                    .ifPresent(other -> {
                        throw PlanetLabException.alreadyExists("the e-mail address " + email + " is already in use");
                    });
            row.put("email_key", email.toLowerCase(Locale.ROOT));
        });
        update.password().ifPresent(password -> row.put("password_hash", passwords.hash(password)));
        update.enabled().ifPresent(enabled -> {
            if (self && !mutation.caller().isOperator()) {
                throw PlanetLabException.permissionDenied(
                        "person_fields.enabled: persons cannot enable or disable their own account");
            }
            row.put("enabled", enabled);
            if (!enabled) {
                Rows.execute(mutation.db(), "DELETE FROM sessions WHERE person_id = :id",
                        Map.of("id", person.personId()));
            }
        });
        row.put("last_updated", mutation.now());
        Rows.update(mutation.db(), "persons", "person_id", person.personId(), row);
        mutation.affected(ObjectType.PERSON, person.personId());
        mutation.message("person %d updated".formatted(person.personId()));
    }

    public void deletePerson(Mutation mutation, PersonRef ref) {
        Persons.PersonRecord person = Persons.require(mutation.db(), ref.key());
        Persons.requireCanUpdate(mutation.caller(), person, "DeletePerson");
        ForeignObjects.requireLocal(mutation.db(), ObjectType.PERSON, person.personId(), "DeletePerson");
        PersonRemoval.markDeleted(mutation, person.personId());
        mutation.message("person %d (%s) deleted".formatted(person.personId(), person.email()));
    }

    private long insertPerson(Mutation mutation, NewPerson person, boolean enabled) {
        String email = person.email();
        if (Persons.find(mutation.db(), email).isPresent()) {
            throw PlanetLabException.alreadyExists("the e-mail address " + email + " is already in use");
        }
        String hash = person.password().map(passwords::hash).orElse(null);
        long personId = Database.nextId(mutation.db(), "persons");
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("person_id", personId);
        for (String field : Profile.FIELDS) {
            row.put(field, person.profile().fields().getOrDefault(field, java.util.Optional.empty()).orElse(null));
        }
        row.put("email_key", email.toLowerCase(Locale.ROOT));
        row.put("password_hash", hash);
        row.put("enabled", enabled);
        row.put("date_created", mutation.now());
        row.put("last_updated", mutation.now());
        row.put("deleted", false);
        Rows.insert(mutation.db(), "persons", row);
        mutation.affected(ObjectType.PERSON, personId);
        return personId;
    }
}
