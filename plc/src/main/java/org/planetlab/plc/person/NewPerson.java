package org.planetlab.plc.person;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * An account to add: its profile (with an e-mail address), its password if it has one, and
 * whether it starts enabled (only operators say; otherwise the rules decide).
 */
public record NewPerson(Profile profile, Optional<String> password, Optional<Boolean> enabled) {
    public NewPerson {
        requireNonNull(profile, "profile is null");
        requireNonNull(password, "password is null");
        requireNonNull(enabled, "enabled is null");
        if (profile.email().isEmpty()) {
            throw new IllegalArgumentException("a new person needs an e-mail address");
        }
    }

    public String email() {
        return profile.email().orElseThrow();
    }

    @Override
    public String toString() {
        return "NewPerson[" + email() + (password.isPresent() ? ", with a password" : "") + "]";
    }
}
