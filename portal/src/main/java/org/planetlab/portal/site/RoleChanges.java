package org.planetlab.portal.site;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.api.method.Role;
import org.planetlab.plc.auth.Caller;
import org.planetlab.plc.person.PersonMemberships;
import org.planetlab.plc.person.PersonRef;
import org.planetlab.portal.security.Actions;

/**
 * What a site page's role form asks for one person: the roles to grant and to revoke. Only the
 * roles the viewer may grant have boxes, so a role without one (a PI's own pi role, an operator's
 * admin role shown to a PI) is never revoked by its absence; a role asked for that the viewer may
 * not grant goes to PLC's person service like any other, which refuses it as the API would.
 */
record RoleChanges(List<Role> grants, List<Role> revocations) {
    RoleChanges {
        grants = List.copyOf(grants);
        revocations = List.copyOf(revocations);
    }

    /** The roles the caller may grant and revoke: all of a person's roles for operators, else those below their own. */
    static List<Role> grantable(Caller caller) {
        return Arrays.stream(Role.values()).filter(Role::isPersonRole)
                .filter(role -> caller.isOperator() || role.roleId() > caller.bestRoleId()).toList();
    }

    /**
     * @param held the person's roles now
     * @param ticked the wire names of the boxes ticked in the form
     */
    static RoleChanges between(Caller caller, Set<Role> held, List<String> ticked) {
        List<Role> wanted = new ArrayList<>();
        for (String name : ticked) {
            wanted.add(Role.lookup(name).filter(Role::isPersonRole).orElseThrow(() ->
                    PlanetLabException.invalidArgument("role: \"%s\" is not a role of persons".formatted(name))));
        }
        List<Role> grants = wanted.stream().distinct().filter(role -> !held.contains(role)).toList();
        List<Role> revocations = grantable(caller).stream()
                .filter(role -> held.contains(role) && !wanted.contains(role)).toList();
        return new RoleChanges(grants, revocations);
    }

    boolean isEmpty() {
        return grants.isEmpty() && revocations.isEmpty();
    }

    /** Each change as its own AddRoleToPerson or DeleteRoleFromPerson, with the caller's rights. */
    void run(Actions actions, PersonMemberships memberships, Caller caller, PersonRef person) {
        requireNonNull(person, "person is null");
        for (Role role : grants) {
            actions.apply(caller, "AddRoleToPerson", List.of(role.wireName(), person.key()),
                    mutation -> memberships.changeRole(mutation, role, person, true));
        }
        for (Role role : revocations) {
            actions.apply(caller, "DeleteRoleFromPerson", List.of(role.wireName(), person.key()),
                    mutation -> memberships.changeRole(mutation, role, person, false));
        }
    }
}
