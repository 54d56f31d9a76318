package org.planetlab.portal.site;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A person of a site as its PI sees them: name, address, roles (as shown, and by wire name for
 * the role form's boxes), and whether the address is verified.
 */
public record PersonRow(long personId, String name, String email, String roles, List<String> roleNames,
        boolean verified) {
    public PersonRow {
        requireNonNull(name, "name is null");
        requireNonNull(email, "email is null");
        requireNonNull(roles, "roles is null");
        roleNames = List.copyOf(roleNames);
    }

    public boolean holds(String roleName) {
        return roleNames.contains(roleName);
    }
}
