package org.planetlab.plc.person;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.api.method.Role;
import org.planetlab.plc.auth.Caller;
import org.planetlab.plc.auth.PasswordHasher;
import org.planetlab.plc.change.ObjectType;
import org.planetlab.plc.mutation.Mutation;
import org.planetlab.plc.mutation.MutationPath;
import org.planetlab.plc.site.SiteRef;
import org.planetlab.plc.site.Sites;
import org.planetlab.plc.store.Database;
import org.planetlab.plc.store.Rows;

/**
 * Accounts: creation, registration and approval, updates, deletion. Owns the rules of who may
 * create and change whom (see {@link Persons#canUpdate}) and the persons' storage; roles and site
 * memberships are in {@link PersonMemberships}. Each operation that PLC's own programs use comes
 * also in a form that runs as a change of its own on the {@link MutationPath}.
 */
public final class PersonService {
    private final MutationPath mutations;
    private final PasswordHasher passwords;
    private final PersonMemberships memberships;

    public PersonService(MutationPath mutations, PasswordHasher passwords, PersonMemberships memberships) {
        this.mutations = requireNonNull(mutations, "mutations is null");
        this.passwords = requireNonNull(passwords, "passwords is null");
        this.memberships = requireNonNull(memberships, "memberships is null");
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
