package org.planetlab.plc.person;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.api.method.Role;
import org.planetlab.api.schema.Filter;
import org.planetlab.plc.api.Call;
import org.planetlab.plc.api.MethodRegistry;
import org.planetlab.plc.auth.Caller;
import org.planetlab.plc.site.SiteRef;
import org.planetlab.plc.store.QueryEngine;
import org.planetlab.plc.typetable.Roles;

/**
 * The account methods: wire values in, a {@link PersonService} or {@link PersonMemberships}
 * call, wire values out. GetPersons answers PLCAPI's queries, limited to whom the caller may see.
 */
public final class PersonMethods {
    private final PersonService persons;
    private final PersonMemberships memberships;

    public PersonMethods(PersonService persons, PersonMemberships memberships) {
        this.persons = requireNonNull(persons, "persons is null");
        this.memberships = requireNonNull(memberships, "memberships is null");
    }

    public void register(MethodRegistry registry) {
        registry.bind("AddPerson", call -> persons.addPerson(call.mutation(), newPerson(call.structArg(0))))
                .bind("RegisterPerson", call -> persons.registerPerson(call.mutation(), newPerson(call.structArg(0)),
                        site(call.arg(1))))
                .bind("ApprovePerson", call -> done(() -> persons.approvePerson(call.mutation(), person(call.arg(0)))))
                .bind("GetPersons", PersonMethods::getPersons)
                .bind("UpdatePerson", call -> done(() -> persons.updatePerson(call.mutation(), person(call.arg(0)),
                        update(call.structArg(1)))))
                .bind("DeletePerson", call -> done(() -> persons.deletePerson(call.mutation(), person(call.arg(0)))))
                .bind("GetRoles", call -> Roles.list(call.db()))
                .bind("AddRoleToPerson", call -> done(() -> memberships.changeRole(call.mutation(), role(call),
                        person(call.arg(1)), true)))
                .bind("DeleteRoleFromPerson", call -> done(() -> memberships.changeRole(call.mutation(),
                        role(call), person(call.arg(1)), false)))
                .bind("AddPersonToSite", call -> done(() -> memberships.addToSite(call.mutation(), person(call.arg(0)),
                        site(call.arg(1)))))
                .bind("DeletePersonFromSite", call -> done(() -> memberships.removeFromSite(call.mutation(),
                        person(call.arg(0)), site(call.arg(1)))));
    }

    private static Object done(Runnable action) {
        action.run();
        return 1L;
    }

    private static PersonRef person(Object wire) {
        return wire instanceof Long id ? PersonRef.of(id) : PersonRef.of((String) wire);
    }

    private static SiteRef site(Object wire) {
        return wire instanceof Long id ? SiteRef.of(id) : SiteRef.of((String) wire);
    }

    private static Role role(Call call) {
        Object wire = call.arg(0);
        return Role.lookup(wire).filter(Role::isPersonRole).orElseThrow(() -> Roles.find(call.db(), wire)
                .filter(stored -> stored.builtIn().isEmpty())
                .map(stored -> PlanetLabException.invalidArgument(("role_id_or_name: role %s was added by an operator"
                        + " and grants nothing here, so it cannot be granted; roles are admin (10), pi (20), user (30)"
                        + " and tech (40)").formatted(stored.name())))
                .orElseGet(() -> PlanetLabException.invalidArgument(("role_id_or_name: \"%s\" is not a role; roles"
                        + " are admin (10), pi (20), user (30) and tech (40)").formatted(wire))));
    }

    private static NewPerson newPerson(Map<String, Object> fields) {
        return new NewPerson(profile(fields), Optional.ofNullable((String) fields.get("password")),
                Optional.ofNullable((Boolean) fields.get("enabled")));
    }

    private static PersonUpdate update(Map<String, Object> fields) {
        return new PersonUpdate(profile(fields), Optional.ofNullable((String) fields.get("password")),
                Optional.ofNullable((Boolean) fields.get("enabled")));
    }

    private static Profile profile(Map<String, Object> fields) {
        Map<String, Optional<String>> profile = new LinkedHashMap<>();
        for (String field : Profile.FIELDS) {
            if (fields.containsKey(field)) {
                profile.put(field, Optional.ofNullable((String) fields.get(field)));
            }
        }
        return new Profile(profile);
    }

    private static Object getPersons(Call call) {
        Filter filter = (Filter) call.optionalArg(0).orElse(Filter.ALL);
        Caller caller = call.caller();
        return QueryEngine.get(call.db(), PersonTables.PERSONS, filter, call.returnFields(1),
                new QueryEngine.Access(caller.isOperator(), PersonService.visibleTo(caller)));
    }
}
