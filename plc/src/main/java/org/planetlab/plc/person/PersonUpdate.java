package org.planetlab.plc.person;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/** What to change of a person: profile fields given, a new password, enabling or disabling. */
public record PersonUpdate(Profile profile, Optional<String> password, Optional<Boolean> enabled) {
    public PersonUpdate {
        requireNonNull(profile, "profile is null");
        requireNonNull(password, "password is null");
        requireNonNull(enabled, "enabled is null");
    }

    @Override
    public String toString() {
        return "PersonUpdate[" + profile.fields().keySet() + (password.isPresent() ? ", a new password" : "")
                + enabled.map(value -> value ? ", enable" : ", disable").orElse("") + "]";
    }
}
