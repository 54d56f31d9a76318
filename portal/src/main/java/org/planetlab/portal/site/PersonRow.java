package org.planetlab.portal.site;

import static java.util.Objects.requireNonNull;

/** A person of a site as its PI sees them: name, address, roles, and whether the address is verified. */
public record PersonRow(long personId, String name, String email, String roles, boolean verified) {
    public PersonRow {
        requireNonNull(name, "name is null");
        requireNonNull(email, "email is null");
        requireNonNull(roles, "roles is null");
    }
}
