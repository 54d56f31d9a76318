package org.planetlab.plc.person;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Set;
import org.planetlab.api.method.Role;

/**
 * A live account as its readers (a portal, an aggregate manager) see it: who, whether it may act,
 * its roles, and its sites (primary first). Never its password.
 */
public record PersonDetails(long personId, String email, String firstName, String lastName, boolean enabled,
        Set<Role> roles, List<Long> siteIds) {
    public PersonDetails {
        requireNonNull(email, "email is null");
        requireNonNull(firstName, "firstName is null");
        requireNonNull(lastName, "lastName is null");
        roles = Set.copyOf(roles);
        siteIds = List.copyOf(siteIds);
    }
}
