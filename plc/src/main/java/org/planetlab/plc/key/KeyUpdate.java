package org.planetlab.plc.key;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/** What to change of a key: its type, its key line, or both; an empty Optional leaves it as it is. */
public record KeyUpdate(Optional<String> keyType, Optional<String> key) {
    public KeyUpdate {
        requireNonNull(keyType, "keyType is null");
        requireNonNull(key, "key is null");
    }

    /** Replaces the key line. */
    public static KeyUpdate replacing(String key) {
        return new KeyUpdate(Optional.empty(), Optional.of(key));
    }
}
