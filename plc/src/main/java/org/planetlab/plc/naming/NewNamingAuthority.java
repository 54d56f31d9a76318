package org.planetlab.plc.naming;

import static java.util.Objects.requireNonNull;

import java.util.OptionalLong;

/** A naming authority to add: its name under the root, who it is, and the operator who answers for it. */
public record NewNamingAuthority(String hrn, String name, OptionalLong personId) {
    public NewNamingAuthority {
        requireNonNull(hrn, "hrn is null");
        requireNonNull(name, "name is null");
        requireNonNull(personId, "personId is null");
    }
}
