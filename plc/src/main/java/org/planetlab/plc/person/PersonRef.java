package org.planetlab.plc.person;

import static java.util.Objects.requireNonNull;

/** A person named by id or by e-mail address, as callers may name them. */
public sealed interface PersonRef {
    /** The person with this person_id. */
    record ById(long personId) implements PersonRef {}

    /** The person with this e-mail address (in any case). */
    record ByEmail(String email) implements PersonRef {
        public ByEmail {
            requireNonNull(email, "email is null");
        }
    }

    static PersonRef of(long personId) {
        return new ById(personId);
    }

    static PersonRef of(String email) {
        return new ByEmail(email);
    }

    /** The reference as the wire gives it: an id or an e-mail address. */
    default Object key() {
        return switch (this) {
            case ById byId -> byId.personId();
            case ByEmail byEmail -> byEmail.email();
        };
    }
}
